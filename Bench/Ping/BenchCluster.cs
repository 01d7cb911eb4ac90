using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansBackend.Grains.Interfaces;
using OrleansBackend.Runtime.Grains;
using OrleansBackend.Runtime.Hosting;
using OrleansBackend.Runtime.Placement;
using OrleansBackend.Runtime.Testing;

namespace OrleansBackend.Bench.Ping;

/// <summary>
/// The silos a benchmark runs against, in this process. One silo: callers and grains share it. Two silos: a
/// <see cref="TestCluster"/> over loopback TCP; callers use the first silo's grain factory and only grain keys that
/// the second silo owns, so every call crosses the wire both ways.
/// </summary>
public sealed class BenchCluster : IAsyncDisposable
{
    private readonly IHost? _host;
    private readonly TestCluster? _cluster;
    private readonly long[] _keys;

    private BenchCluster(IHost? host, TestCluster? cluster, IGrainFactory callerFactory, long[] keys)
    {
        _host = host;
        _cluster = cluster;
        CallerFactory = callerFactory;
        _keys = keys;
    }

    /// <summary>The grain factory callers use.</summary>
    public IGrainFactory CallerFactory { get; }

    /// <summary>Starts <paramref name="silos"/> silos (1 or 2) and picks <paramref name="grains"/> grain keys.</summary>
    public static async Task<BenchCluster> StartAsync(int silos, int grains, CancellationToken cancellationToken)
    {
        if (silos == 1)
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            builder.Logging.SetMinimumLevel(LogLevel.Warning).AddConsole();
            builder.UseSilo(silo => silo.AddMemoryGrainStorage());
            var host = builder.Build();
            await host.StartAsync(cancellationToken);
            var keys = new long[grains];
            for (var i = 0; i < grains; i++)
            {
                keys[i] = i;
            }

            return new BenchCluster(host, null, host.Services.GetRequiredService<IGrainFactory>(), keys);
        }

        var cluster = new TestClusterBuilder(silos).Build();
        await cluster.DeployAsync();
        await cluster.WaitForLivenessToStabilizeAsync();
        var callerFactory = cluster.Silos[0].Services.GetRequiredService<IGrainFactory>();
        var remoteOwnership = cluster.Silos[1].Services.GetRequiredService<IGrainOwnership>();
        var remoteKeys = new long[grains];
        var found = 0;
        for (long key = 0; found < grains; key++)
        {
            if (remoteOwnership.IsOwnedLocally(callerFactory.GetGrain<IPingGrain>(key).GetGrainId()))
            {
                remoteKeys[found++] = key;
            }
        }

        return new BenchCluster(null, cluster, callerFactory, remoteKeys);
    }

    /// <summary>The key of the i-th benchmark grain.</summary>
    public long GrainKey(int index) => _keys[index];

    /// <summary>Stops the silos.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            _host.Dispose();
        }

        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}
