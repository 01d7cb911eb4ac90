using System.CommandLine;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OrleansBackend.Bench.Ping;

/// <summary>
/// The silo <c>ping</c> measures: Orleans with localhost clustering and nothing else (no storage, no telemetry, no
/// dashboard), so the figure is the runtime's cost of a call. <c>Bench ping-silo</c> hosts it as the child process of
/// the cross-process shape; it stops when its standard input closes (the parent exited or stopped it).
/// </summary>
public static class PingSilo
{
    /// <summary>The hidden command that hosts the silo in a child process.</summary>
    public const string CommandName = "ping-silo";

    /// <summary>A silo host on the given loopback ports.</summary>
    public static IHost Build(int siloPort, int gatewayPort)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Warning).AddConsole();
        builder.UseOrleans(silo => silo.UseLocalhostClustering(siloPort, gatewayPort));
        return builder.Build();
    }

    /// <summary><c>ping-silo --silo-port N --gateway-port M</c>.</summary>
    public static Command CreateCommand()
    {
        var siloPort = new Option<int>("--silo-port") { Required = true };
        var gatewayPort = new Option<int>("--gateway-port") { Required = true };
        var command = new Command(CommandName, "Hosts the silo of `ping --shape cross-process` (started by ping itself).") { siloPort, gatewayPort };
        command.Hidden = true;
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var host = Build(parse.GetValue(siloPort), parse.GetValue(gatewayPort));
            await host.StartAsync(cancellationToken);
            Console.WriteLine("ready");
            await Task.Run(() => Console.In.ReadToEnd(), cancellationToken);
            await host.StopAsync(CancellationToken.None);
            return 0;
        });
        return command;
    }
}
