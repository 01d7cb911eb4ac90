namespace OrleansBackend.Runtime.Diagnostics.Tracing;

/// <summary>Trace export (configuration section <c>Tracing</c>). Off unless an OTLP endpoint is set.</summary>
public sealed class TracingOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Tracing";

    /// <summary>The OTLP collector, for example <c>http://otel-collector:4317</c>; empty (the default) exports nothing.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary><c>grpc</c> (default) or <c>http/protobuf</c>.</summary>
    public string OtlpProtocol { get; set; } = "grpc";

    /// <summary>The fraction of new traces recorded (0 to 1); a request that arrives sampled stays sampled.</summary>
    public double SamplingRatio { get; set; } = 1.0;

    /// <summary>The <c>service.name</c> resource attribute; each executable has its own default.</summary>
    public string? ServiceName { get; set; }
}
