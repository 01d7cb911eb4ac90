using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Runtime;
using OrleansBackend.Grains.Interfaces.Operations;

namespace OrleansBackend.Hosting.Health;

/// <summary>A silo's <c>/health/live</c> (the process runs) and <c>/health/ready</c> (active in the cluster, and its grain storage answers a read).</summary>
public static class SiloHealthEndpoints
{
    private static readonly TimeSpan ReadinessTimeout = TimeSpan.FromSeconds(3);

    /// <summary>Maps both endpoints.</summary>
    public static IEndpointRouteBuilder MapSiloHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/health/live", () => Results.Json(new { status = "live" }));
        endpoints.MapGet("/health/ready", async (IServiceProvider services, CancellationToken cancellationToken) =>
        {
            var status = services.GetRequiredService<ISiloStatusOracle>().CurrentStatus;
            if (status != SiloStatus.Active)
            {
                return Results.Json(new { status = "not_ready", silo = status.ToString() }, statusCode: StatusCodes.Status503ServiceUnavailable);
            }

            try
            {
                await services.GetRequiredService<IGrainFactory>().GetGrain<IHealthProbeGrain>(0).Check().WaitAsync(ReadinessTimeout, cancellationToken);
                return Results.Json(new { status = "ready" });
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                return Results.Json(new { status = "not_ready", error = exception.GetType().Name }, statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        });
        return endpoints;
    }
}
