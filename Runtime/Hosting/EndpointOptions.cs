namespace OrleansBackend.Runtime.Hosting;

/// <summary>Where a clustered silo listens and how others reach it (configuration section <c>Endpoints</c>).</summary>
public sealed class EndpointOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Endpoints";

    /// <summary>The port other silos connect to (0 picks a free port).</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>The port cluster clients connect to (0 picks a free port; -1 for no gateway).</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>
    /// The HTTP port of the management listener (<c>/metrics</c>, <c>/health/live</c>, <c>/health/ready</c>),
    /// published in the silo's membership row so dashboards and scrapers find it; 0 (the default) runs none.
    /// </summary>
    public int ManagementPort { get; set; }

    /// <summary>The address other silos and clients use to reach this silo.</summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>The local address to listen on (all interfaces by default).</summary>
    public string ListenAddress { get; set; } = "0.0.0.0";
}
