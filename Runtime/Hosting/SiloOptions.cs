namespace OrleansBackend.Runtime.Hosting;

/// <summary>Identity of a silo and of the cluster it belongs to (configuration section <c>Silo</c>).</summary>
public sealed class SiloOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Silo";

    /// <summary>Names one deployment of the cluster; silos with different cluster ids never talk.</summary>
    public string ClusterId { get; set; } = "dev";

    /// <summary>Names the service; storage is keyed by it, so it must stay the same across deployments.</summary>
    public string ServiceId { get; set; } = "backend";

    /// <summary>This silo's name, for logs and the dashboard.</summary>
    public string SiloName { get; set; } = $"{Environment.MachineName}-{Environment.ProcessId}";
}
