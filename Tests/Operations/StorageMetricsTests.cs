using Microsoft.Extensions.DependencyInjection;
using OrleansBackend.Runtime.Diagnostics.Prometheus;
using OrleansBackend.Runtime.Grains;
using OrleansBackend.Runtime.Persistence;
using OrleansBackend.Tests.Api;

namespace OrleansBackend.Tests.Operations;

/// <summary>Storage read and write latency, and conflicts, on /metrics of an Api with SQLite state.</summary>
public sealed class StorageMetricsTests : IDisposable
{
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("orleansbackend-storage-metrics-");

    public void Dispose() => _data.Delete(recursive: true);

    [Fact]
    public async Task ReadsWritesAndConflictsAreMeasured()
    {
        await using var factory = new ApiFactory(settings: new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "sqlite",
            ["Storage:ConnectionString"] = Path.Combine(_data.FullName, "state.db"),
        });
        var client = new ApiClient(factory.CreateClient());
        await client.GetAsync("/health/ready");
        var storage = factory.Services.GetRequiredKeyedService<IGrainStorage>(GrainStorageNames.Default);
        var grain = new GrainId("metrics.test", "conflict");
        var first = new ProbeState();
        var stale = new ProbeState();
        await storage.ReadStateAsync("s", grain, first, CancellationToken.None);
        await storage.ReadStateAsync("s", grain, stale, CancellationToken.None);
        await storage.WriteStateAsync("s", grain, first, CancellationToken.None);
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("s", grain, stale, CancellationToken.None));

        var samples = PrometheusTextParser.Parse(await client.Http.GetStringAsync("/metrics"));

        Assert.Contains(samples, s => s.Name == "orleans_storage_read_duration_seconds_count" && s.Label("db_system") == "sqlite" && s.Value >= 3);
        Assert.Contains(samples, s => s.Name == "orleans_storage_write_duration_seconds_count" && s.Label("outcome") == "ok" && s.Value >= 1);
        Assert.Contains(samples, s => s.Name == "orleans_storage_write_duration_seconds_count" && s.Label("outcome") == "conflict" && s.Value == 1);
        Assert.Contains(samples, s => s.Name == "orleans_storage_writes_total" && s.Label("outcome") == "conflict" && s.Value == 1);
        Assert.Contains(samples, s => s.Name == "orleans_storage_batch_duration_seconds_count" && s.Value >= 1);
    }

    private sealed class ProbeState : IGrainState<long>
    {
        public long State { get; set; }

        public string? ETag { get; set; }

        public bool RecordExists { get; set; }
    }
}
