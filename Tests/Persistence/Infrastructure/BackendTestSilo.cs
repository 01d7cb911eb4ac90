using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.TestingHost;
using OrleansBackend.Hosting;

namespace OrleansBackend.Tests.Persistence.Infrastructure;

/// <summary>
/// In-process silos configured by the project's hosting (<see cref="SiloHostingExtensions.AddBackendSilo"/>) on the
/// provider settings of one database (<see cref="BackendSiloSettings"/>), as the README shows for testing grains.
/// </summary>
public static class BackendTestSilo
{
    /// <summary>
    /// Starts <paramref name="silos"/> silos on <paramref name="settings"/>. A <paramref name="serviceId"/> of its own
    /// lets a later cluster read the rows of an earlier one (rows are keyed by service id); <paramref name="configure"/>
    /// adds test services.
    /// </summary>
    public static async Task<InProcessTestCluster> StartAsync(
        IReadOnlyDictionary<string, string?> settings,
        string? serviceId = null,
        Action<ISiloBuilder>? configure = null,
        short silos = 1)
    {
        var builder = new InProcessTestClusterBuilder(silos);
        builder.Options.ConfigureFileLogging = false;
        if (serviceId is not null)
        {
            builder.Options.ServiceId = serviceId;
        }

        builder.ConfigureSiloHost((_, host) =>
        {
            host.Configuration.AddInMemoryCollection(settings);
            host.AddBackendSilo(configure);
        });
        var cluster = builder.Build();
        try
        {
            await cluster.DeployAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>The services of the cluster's first silo.</summary>
    public static IServiceProvider Services(this InProcessTestCluster cluster) => cluster.Silos[0].SiloHost.Services;

    /// <summary>A service of the cluster's first silo.</summary>
    public static T Service<T>(this InProcessTestCluster cluster)
        where T : notnull => cluster.Services().GetRequiredService<T>();
}
