using OrleansBackend.Hosting;

namespace OrleansBackend.Api.Hosting;

/// <summary>
/// How the Api reaches its grains (configuration key <c>Cluster:Mode</c>): <c>Embedded</c> (default) hosts a silo in
/// this process, configured by the <c>Orleans</c> section like any silo (the shipped appsettings.json: localhost
/// clustering, state, reminders and streams in one SQLite file); <c>Client</c> is a pure cluster client that finds the
/// silos through <c>Orleans:Clustering</c> and holds no grains.
/// </summary>
public static class ClusterModes
{
    /// <summary>The configuration key.</summary>
    public const string ModeKey = "Cluster:Mode";

    /// <summary>Hosts the embedded silo or connects the cluster client, as <see cref="ModeKey"/> says.</summary>
    public static WebApplicationBuilder AddBackendCluster(this WebApplicationBuilder builder)
    {
        var mode = builder.Configuration[ModeKey]?.Trim();
        if (string.IsNullOrEmpty(mode) || mode.Equals("Embedded", StringComparison.OrdinalIgnoreCase))
        {
            builder.AddBackendSilo();
        }
        else if (mode.Equals("Client", StringComparison.OrdinalIgnoreCase))
        {
            builder.AddBackendClient();
        }
        else
        {
            throw new InvalidOperationException($"{ModeKey} must be 'Embedded' or 'Client' (was '{mode}').");
        }

        return builder;
    }
}
