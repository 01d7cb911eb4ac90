using Microsoft.Extensions.Configuration.Json;
using OrleansBackend.Hosting;

namespace OrleansBackend.Api.Hosting;

/// <summary>
/// How the Api reaches its grains (configuration key <c>Cluster:Mode</c>): <c>Embedded</c> (default) hosts a silo in
/// this process, configured by the <c>Orleans</c> section like any silo; <c>Client</c> is a pure cluster client that
/// finds the silos through <c>Orleans:Clustering</c> and holds no grains. The embedded silo's defaults (localhost
/// clustering; state, reminders and streams in one SQLite file) live in <c>embedded-silo.json</c>, read only in the
/// embedded mode and below every other source: a cluster client must not see silo providers it cannot load.
/// </summary>
public static class ClusterModes
{
    /// <summary>The configuration key.</summary>
    public const string ModeKey = "Cluster:Mode";

    /// <summary>The embedded silo's default settings, next to appsettings.json.</summary>
    public const string EmbeddedSiloSettings = "embedded-silo.json";

    /// <summary>Hosts the embedded silo or connects the cluster client, as <see cref="ModeKey"/> says.</summary>
    public static WebApplicationBuilder AddBackendCluster(this WebApplicationBuilder builder)
    {
        var mode = builder.Configuration[ModeKey]?.Trim();
        if (string.IsNullOrEmpty(mode) || mode.Equals("Embedded", StringComparison.OrdinalIgnoreCase))
        {
            var defaults = new JsonConfigurationSource { Path = EmbeddedSiloSettings, Optional = false, FileProvider = builder.Environment.ContentRootFileProvider };
            builder.Configuration.Sources.Insert(0, defaults);
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
