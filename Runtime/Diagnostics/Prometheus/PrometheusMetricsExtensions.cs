using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace OrleansBackend.Runtime.Diagnostics.Prometheus;

/// <summary>Registers the Prometheus collector and maps its endpoint.</summary>
public static class PrometheusMetricsExtensions
{
    /// <summary>
    /// Registers a <see cref="PrometheusMetricsCollector"/> that starts listening when the host starts (before any
    /// grain activates, so gauges kept as up-down counters start from zero with the process).
    /// </summary>
    public static IServiceCollection AddPrometheusMetrics(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddMetrics();
        services.TryAddSingleton<PrometheusMetricsCollector>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, CollectorActivation>());
        return services;
    }

    /// <summary>Maps <c>GET /metrics</c> (or <paramref name="pattern"/>) to the text exposition.</summary>
    public static RouteHandlerBuilder MapPrometheusMetrics(this IEndpointRouteBuilder endpoints, string pattern = "/metrics")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return endpoints.MapGet(pattern, static (PrometheusMetricsCollector collector) =>
            Results.Text(collector.Collect(), PrometheusMetricsCollector.ContentType));
    }

    /// <summary>Creates the collector when the host starts.</summary>
    private sealed class CollectorActivation(PrometheusMetricsCollector collector) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            _ = collector;
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
