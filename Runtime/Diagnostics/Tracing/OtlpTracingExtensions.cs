using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace OrleansBackend.Runtime.Diagnostics.Tracing;

/// <summary>Exports traces with OpenTelemetry over OTLP when <c>Tracing:OtlpEndpoint</c> is set.</summary>
public static class OtlpTracingExtensions
{
    /// <summary>The activity source of ASP.NET Core's request spans.</summary>
    public const string AspNetCoreActivitySource = "Microsoft.AspNetCore";

    /// <summary>
    /// Records grain-call spans (every source named <c>OrleansBackend.*</c>) and ASP.NET Core request spans, and
    /// exports them to the configured OTLP endpoint. Without <c>Tracing:OtlpEndpoint</c> nothing is registered and
    /// no activity listener exists, so tracing costs nothing.
    /// </summary>
    /// <exception cref="InvalidOperationException">A <c>Tracing</c> value is invalid; the message names the key.</exception>
    public static IServiceCollection AddOtlpTracing(this IServiceCollection services, IConfiguration configuration, string defaultServiceName)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var options = configuration.GetSection(TracingOptions.SectionName).Get<TracingOptions>() ?? new TracingOptions();
        if (string.IsNullOrWhiteSpace(options.OtlpEndpoint))
        {
            return services;
        }

        var section = TracingOptions.SectionName;
        if (!Uri.TryCreate(options.OtlpEndpoint, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
        {
            throw new InvalidOperationException($"{section}:OtlpEndpoint must be an http or https URL (was '{options.OtlpEndpoint}').");
        }

        var protocol = options.OtlpProtocol.Trim().ToLowerInvariant() switch
        {
            "grpc" => OtlpExportProtocol.Grpc,
            "http/protobuf" or "http" => OtlpExportProtocol.HttpProtobuf,
            _ => throw new InvalidOperationException($"{section}:OtlpProtocol must be 'grpc' or 'http/protobuf' (was '{options.OtlpProtocol}')."),
        };
        if (options.SamplingRatio is < 0 or > 1 || double.IsNaN(options.SamplingRatio))
        {
            throw new InvalidOperationException($"{section}:SamplingRatio must be between 0 and 1 (was {options.SamplingRatio}).");
        }

        if (protocol == OtlpExportProtocol.HttpProtobuf && endpoint.AbsolutePath is "" or "/")
        {
            // Set in code, the HTTP exporter posts to the endpoint as given: add the traces path.
            endpoint = new Uri(endpoint, "v1/traces");
        }

        var serviceName = string.IsNullOrWhiteSpace(options.ServiceName) ? defaultServiceName : options.ServiceName;
        var instance = configuration["Silo:SiloName"] is { Length: > 0 } name ? name : $"{Environment.MachineName}-{Environment.ProcessId}";
        services.AddSingleton(_ => Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateDefault().AddService(serviceName, serviceInstanceId: instance))
            .SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(options.SamplingRatio)))
            .AddSource("OrleansBackend.*", AspNetCoreActivitySource)
            .AddOtlpExporter(otlp =>
            {
                otlp.Endpoint = endpoint;
                otlp.Protocol = protocol;
            })
            .Build());
        services.AddHostedService<TracerProviderActivation>();
        return services;
    }

    /// <summary>Creates the tracer provider when the host starts; the container disposes (and flushes) it at the end.</summary>
    private sealed class TracerProviderActivation(TracerProvider provider) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            GC.KeepAlive(provider);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken)
        {
            provider.ForceFlush(5000);
            return Task.CompletedTask;
        }
    }
}
