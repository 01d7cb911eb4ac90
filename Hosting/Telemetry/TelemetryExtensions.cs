using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace OrleansBackend.Hosting.Telemetry;

/// <summary>
/// The observability every backend process shares (Api and silos): OpenTelemetry metrics from Orleans' meters
/// (<c>Microsoft.Orleans</c>), the backend's own (<c>OrleansBackend.*</c>), ASP.NET Core and the .NET runtime, exposed
/// for Prometheus at <c>/metrics</c>; traces from Orleans' activity sources and ASP.NET Core, exported over OTLP when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the OpenTelemetry SDK's own setting).
/// </summary>
public static class TelemetryExtensions
{
    /// <summary>The path Prometheus scrapes.</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>Registers metrics and traces for a process that reports itself as <paramref name="serviceName"/>.</summary>
    public static IHostApplicationBuilder AddBackendTelemetry(this IHostApplicationBuilder builder, string serviceName)
    {
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithMetrics(metrics => metrics
                .AddMeter("Microsoft.Orleans")
                .AddMeter(BackendMeters.Prefix + "*")
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddPrometheusExporter())
            .WithTracing(tracing =>
            {
                tracing
                    .AddSource("Microsoft.Orleans.Runtime")
                    .AddSource("Microsoft.Orleans.Application")
                    .AddAspNetCoreInstrumentation(options => options.Filter = context => context.Request.Path != MetricsPath);
                if (otlp)
                {
                    tracing.AddOtlpExporter();
                }
            });
        return builder;
    }

    /// <summary>
    /// Maps <see cref="MetricsPath"/> (Prometheus text exposition) as a route handler, so it can carry OpenAPI metadata
    /// like any other endpoint; the OpenTelemetry exporter's middleware writes the answer.
    /// </summary>
    public static RouteHandlerBuilder MapBackendMetrics(this IEndpointRouteBuilder endpoints)
    {
        var scrape = endpoints.CreateApplicationBuilder().UseOpenTelemetryPrometheusScrapingEndpoint(MetricsPath).Build();
        return endpoints.MapGet(MetricsPath, async (HttpContext context) =>
        {
            await scrape(context);
            return Results.Empty;
        });
    }
}
