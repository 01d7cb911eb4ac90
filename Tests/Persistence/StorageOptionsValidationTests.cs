using Microsoft.Extensions.Options;
using OrleansBackend.Runtime.Hosting;
using OrleansBackend.Runtime.Persistence;
using OrleansBackend.Tests.Infrastructure;
using OrleansBackend.Tests.Persistence.Infrastructure;
using OrleansBackend.Tests.Persistence.TestGrains;
using OrleansBackend.Tests.Runtime.TestGrains;

namespace OrleansBackend.Tests.Persistence;

/// <summary>Storage and reminder settings are checked at start-up, and the error names the configuration key.</summary>
public sealed class StorageOptionsValidationTests
{
    [Theory]
    [InlineData("GrainStorage:Default:MaxBatchSize", "0")]
    [InlineData("GrainStorage:Default:Schema", "Bad-Schema")]
    [InlineData("GrainStorage:Default:WriterCount", "0")]
    [InlineData("GrainStorage:Default:CommandTimeout", "00:00:00")]
    [InlineData("GrainStorage:Default:EventPartitionCount", "0")]
    [InlineData("Reminders:RefreshPeriod", "00:00:00")]
    public async Task BadPostgresSettingStopsTheSiloAndNamesTheKey(string key, string value)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StorageSilo.StartAsync(
            "svc",
            silo =>
            {
                silo.AddPostgresGrainStorage(GrainStorageNames.Default, "Host=127.0.0.1;Port=1");
                silo.AddMemoryReminderTable();
            },
            configuration: new Dictionary<string, string?> { [key] = value }));

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
        Assert.Contains(value, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingConnectionStringIsNamed()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StorageSilo.StartAsync(
            "svc",
            silo => silo.AddPostgresGrainStorage("accounts")));

        Assert.Contains("GrainStorage:accounts:ConnectionString must be set", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GrainStorage:Default:DataSource", "")]
    [InlineData("GrainStorage:Default:BusyTimeout", "00:00:00")]
    [InlineData("Reminders:Storage:MaxAttempts", "0")]
    public async Task BadSqliteSettingStopsTheSiloAndNamesTheKey(string key, string value)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StorageSilo.StartAsync(
            "svc",
            silo =>
            {
                silo.AddSqliteGrainStorage();
                silo.AddSqliteReminderTable(_ => { });
            },
            configuration: new Dictionary<string, string?>
            {
                ["GrainStorage:Default:DataSource"] = "/tmp/unused.db",
                ["Reminders:Storage:DataSource"] = "/tmp/unused.db",
                [key] = value,
            }));

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StorageIsConfiguredFromConfigurationAlone()
    {
        await using var schema = new PostgresSchema();
        await using var silo = await StorageSilo.StartAsync(
            "svc-" + Guid.NewGuid().ToString("N")[..12],
            silo => silo.AddPostgresGrainStorage(),
            configuration: new Dictionary<string, string?>
            {
                ["GrainStorage:Default:ConnectionString"] = TestServers.Postgres,
                ["GrainStorage:Default:Schema"] = schema.Name,
                ["GrainStorage:Default:MaxBatchSize"] = "8",
            });

        Assert.Equal(1, await silo.GrainFactory.GetGrain<IDurableCounterGrain>(Probe.NewKey()).Add(1));
        Assert.Equal(1L, await schema.ScalarAsync<long>("SELECT count(*) FROM grain_state"));
    }
}
