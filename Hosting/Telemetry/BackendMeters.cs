namespace OrleansBackend.Hosting.Telemetry;

/// <summary>Names of the backend's own meters; every meter whose name starts with <see cref="Prefix"/> is exported.</summary>
public static class BackendMeters
{
    /// <summary>The common prefix.</summary>
    public const string Prefix = "OrleansBackend.";
}
