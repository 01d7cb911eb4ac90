using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansBackend.Runtime.Grains;
using OrleansBackend.Runtime.Hosting;

namespace OrleansBackend.Bench.Ping;

/// <summary>The silos a benchmark runs against, in this process.</summary>
public sealed class BenchCluster : IAsyncDisposable
{
    private readonly List<IHost> _hosts;

    private BenchCluster(List<IHost> hosts, IGrainFactory callerFactory)
    {
        _hosts = hosts;
        CallerFactory = callerFactory;
    }

    /// <summary>The grain factory callers use.</summary>
    public IGrainFactory CallerFactory { get; }

    public static async Task<BenchCluster> StartAsync(int silos, CancellationToken cancellationToken)
    {
        if (silos != 1)
        {
            throw new NotSupportedException("Multi-silo benchmarks need the cluster transport.");
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Warning).AddConsole();
        builder.UseSilo(silo => silo.AddMemoryGrainStorage());
        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        return new BenchCluster([host], host.Services.GetRequiredService<IGrainFactory>());
    }

    /// <summary>The key of the i-th benchmark grain.</summary>
    public long GrainKey(int index) => index;

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.StopAsync();
            host.Dispose();
        }
    }
}
