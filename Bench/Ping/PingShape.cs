namespace OrleansBackend.Bench.Ping;

/// <summary>Where the callers of <c>ping</c> sit relative to the grains they call.</summary>
public enum PingShape
{
    /// <summary>Non-grain code in the silo's own process calls through the co-hosted client (the Api's embedded mode).</summary>
    InSilo,

    /// <summary>A client process calls a silo in another process over loopback TCP (the Api as a cluster client).</summary>
    CrossProcess,
}

/// <summary>Names of the shapes on the command line.</summary>
public static class PingShapes
{
    /// <summary>Parses <c>in-silo</c> or <c>cross-process</c>; null for anything else.</summary>
    public static PingShape? Parse(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "in-silo" => PingShape.InSilo,
        "cross-process" => PingShape.CrossProcess,
        _ => null,
    };

    /// <summary>The shape's command-line name.</summary>
    public static string Name(this PingShape shape) => shape == PingShape.InSilo ? "in-silo" : "cross-process";
}
