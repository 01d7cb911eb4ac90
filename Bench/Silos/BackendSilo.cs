using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansBackend.Bench.Processes;
using OrleansBackend.Hosting;

namespace OrleansBackend.Bench.Silos;

/// <summary>
/// A silo in this process configured the way the project ships it (<see cref="SiloHostingExtensions.AddBackendSilo"/>:
/// the <c>Orleans</c> section, ADO.NET grain storage and reminders, the migrations applied at start, the SQLite write
/// gate), with localhost clustering on free ports and the benchmark's own settings on top.
/// </summary>
public static class BackendSilo
{
    /// <summary>
    /// Starts the silo. Grain storage <c>Default</c> and the reminders live in <paramref name="database"/> (null:
    /// memory storage; reminders in memory too); <paramref name="settings"/> adds or overrides configuration keys.
    /// </summary>
    public static async Task<IHost> StartAsync(BenchDatabase? database, IEnumerable<KeyValuePair<string, string?>> settings, CancellationToken cancellationToken)
    {
        var ports = FreePorts.Take(2);
        var configuration = new Dictionary<string, string?>
        {
            ["Orleans:ClusterId"] = "bench",
            ["Orleans:ServiceId"] = "bench",
            ["Orleans:Endpoints:AdvertisedIPAddress"] = "127.0.0.1",
            ["Orleans:Endpoints:SiloPort"] = ports[0].ToString(),
            ["Orleans:Endpoints:GatewayPort"] = ports[1].ToString(),
            ["Orleans:Clustering:ProviderType"] = "Development",
        };
        if (database is null)
        {
            configuration["Orleans:GrainStorage:Default:ProviderType"] = "Memory";
            configuration["Orleans:Reminders:ProviderType"] = "Memory";
        }
        else
        {
            configuration["ConnectionStrings:orleans"] = database.ConnectionString;
            configuration["Orleans:GrainStorage:Default:ProviderType"] = "AdoNet";
            configuration["Orleans:GrainStorage:Default:Invariant"] = database.Invariant;
            configuration["Orleans:GrainStorage:Default:ConnectionName"] = "orleans";
            configuration["Orleans:Reminders:ProviderType"] = "AdoNet";
            configuration["Orleans:Reminders:Invariant"] = database.Invariant;
            configuration["Orleans:Reminders:ConnectionName"] = "orleans";
        }

        foreach (var (key, value) in settings)
        {
            configuration[key] = value;
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Logging.SetMinimumLevel(LogLevel.Warning).AddConsole();
        builder.AddBackendSilo();
        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        return host;
    }
}
