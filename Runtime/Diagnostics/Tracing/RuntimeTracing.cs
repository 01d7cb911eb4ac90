namespace OrleansBackend.Runtime.Diagnostics.Tracing;

/// <summary>Names of the runtime's trace sources, for configuring a tracer provider.</summary>
public static class RuntimeTracing
{
    /// <summary>The activity source of grain calls: a client span per call made and a server span per call run.</summary>
    public const string ActivitySourceName = "OrleansBackend.Runtime";
}
