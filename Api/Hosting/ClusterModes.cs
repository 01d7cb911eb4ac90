using OrleansBackend.Grains.Hosting;
using OrleansBackend.Runtime.Client;
using OrleansBackend.Runtime.Hosting;
using OrleansBackend.Runtime.Membership;

namespace OrleansBackend.Api.Hosting;

/// <summary>
/// How the Api reaches its grains (configuration key <c>Cluster:Mode</c>): <c>Embedded</c> (default) hosts one
/// silo in this process, with grain state and reminders in SQLite under <c>./data</c> unless <c>Storage:*</c> says
/// otherwise; <c>Client</c> is a pure cluster client that learns the gateways from the membership table
/// (<c>Cluster:Membership:*</c>) and holds no grains.
/// </summary>
public static class ClusterModes
{
    /// <summary>The configuration key.</summary>
    public const string ModeKey = "Cluster:Mode";

    public static WebApplicationBuilder AddBackendCluster(this WebApplicationBuilder builder)
    {
        var mode = builder.Configuration[ModeKey]?.Trim();
        if (string.IsNullOrEmpty(mode) || mode.Equals("Embedded", StringComparison.OrdinalIgnoreCase))
        {
            builder.UseSilo(silo =>
            {
                silo.UseConfiguredStorage().AddBackendGrains();
                if (!string.IsNullOrEmpty(builder.Configuration["Cluster:Membership:Provider"]))
                {
                    // An embedded silo may also join a cluster: then it is a full member that serves the Api too.
                    silo.UseConfiguredClustering();
                }
            });
        }
        else if (mode.Equals("Client", StringComparison.OrdinalIgnoreCase))
        {
            builder.UseClusterClient(client => client.UseConfiguredClustering().AddStreams());
        }
        else
        {
            throw new InvalidOperationException($"{ModeKey} must be 'Embedded' or 'Client' (was '{mode}').");
        }

        return builder;
    }
}
