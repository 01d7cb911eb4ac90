using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansBackend.Hosting.Security;

namespace OrleansBackend.Bench.ScaleOut;

/// <summary>
/// Counts account grain activations per silo by joining the cluster.sh cluster as an Orleans client (Redis
/// membership, cluster.sh's ClusterId and ServiceId, a certificate of its CA) and asking Orleans' management grain for its per-type statistics:
/// <c>GET /v1/cluster</c> gives only each silo's total.
/// </summary>
public sealed class AccountCensus : IAsyncDisposable
{
    private readonly IHost _client;

    private AccountCensus(IHost client)
    {
        _client = client;
    }

    /// <summary>
    /// Connects to the cluster whose membership is in the Redis at <paramref name="redis"/>, over mutual TLS with
    /// <paramref name="tls"/> (<c>Orleans:Tls</c> settings).
    /// </summary>
    public static async Task<AccountCensus> ConnectAsync(string redis, IReadOnlyDictionary<string, string?> tls, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Orleans:ClusterId"] = "local",
            ["Orleans:ServiceId"] = "backend",
            ["Orleans:Clustering:ProviderType"] = "Redis",
            ["Orleans:Clustering:ConnectionString"] = redis,
        }).AddInMemoryCollection(tls);
        builder.Logging.SetMinimumLevel(LogLevel.Warning).AddConsole();
        builder.UseOrleansClient(client => client.UseClusterTls(builder.Configuration));
        var client = builder.Build();
        await client.StartAsync(cancellationToken);
        return new AccountCensus(client);
    }

    /// <summary>Account grain activations by silo endpoint (<c>host:port</c>, as <c>GET /v1/cluster</c> shows it).</summary>
    public async Task<IReadOnlyDictionary<string, long>> AccountsBySiloAsync()
    {
        var management = _client.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
        var statistics = await management.GetSimpleGrainStatistics();
        return statistics
            .Where(s => s.GrainType.Contains("AccountGrain", StringComparison.Ordinal))
            .GroupBy(s => s.SiloAddress.Endpoint.ToString())
            .ToDictionary(g => g.Key, g => (long)g.Sum(s => s.ActivationCount));
    }

    /// <summary>Leaves the cluster.</summary>
    public async ValueTask DisposeAsync()
    {
        await _client.StopAsync(CancellationToken.None);
        _client.Dispose();
    }
}
