using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansBackend.Bench.Processes;

namespace OrleansBackend.Bench.Ping;

/// <summary>
/// The silo <c>ping</c> calls into and the grain factory its callers use. In-silo: a silo hosted in this process
/// (UseOrleans, localhost clustering) and its co-hosted client. Cross-process: a silo in a child process
/// (<c>Bench ping-silo</c>) and an Orleans client in this one (UseOrleansClient), connected through the silo's gateway.
/// </summary>
public sealed class PingTarget : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly ChildProcess? _silo;
    private readonly string? _siloLog;

    private PingTarget(IHost host, ChildProcess? silo, string? siloLog)
    {
        _host = host;
        _silo = silo;
        _siloLog = siloLog;
    }

    /// <summary>The grain factory callers use.</summary>
    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    /// <summary>Starts the silo (and the client) for <paramref name="shape"/> on free loopback ports.</summary>
    public static async Task<PingTarget> StartAsync(PingShape shape, CancellationToken cancellationToken)
    {
        var ports = FreePorts.Take(2);
        var (siloPort, gatewayPort) = (ports[0], ports[1]);
        if (shape == PingShape.InSilo)
        {
            var silo = PingSilo.Build(siloPort, gatewayPort);
            await silo.StartAsync(cancellationToken);
            return new PingTarget(silo, null, null);
        }

        var log = Path.Combine(Path.GetTempPath(), $"orleansbackend-ping-silo.{gatewayPort}.log");
        var child = ChildProcess.Start(
            "ping-silo",
            "dotnet",
            [BenchAssembly.Path, PingSilo.CommandName, "--silo-port", siloPort.ToString(), "--gateway-port", gatewayPort.ToString()],
            Path.GetTempPath(),
            log);
        try
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            builder.Logging.SetMinimumLevel(LogLevel.Warning).AddConsole();
            var deadline = DateTime.UtcNow.AddSeconds(60);
            builder.UseOrleansClient(client => client
                .UseLocalhostClustering(gatewayPort)
                .UseConnectionRetryFilter(async (_, token) =>
                {
                    // The child silo is still starting: try again until it answers, or it died, or a minute passed.
                    await Task.Delay(200, token);
                    return !child.HasExited && DateTime.UtcNow < deadline;
                }));
            var host = builder.Build();
            await host.StartAsync(cancellationToken);
            return new PingTarget(host, child, log);
        }
        catch
        {
            await child.DisposeAsync();
            Console.Error.WriteLine($"the silo process's log: {log}");
            throw;
        }
    }

    /// <summary>Stops the client and the silo.</summary>
    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(CancellationToken.None);
        _host.Dispose();
        if (_silo is not null)
        {
            await _silo.DisposeAsync();
            File.Delete(_siloLog!);
        }
    }
}
