using Orleans;
using OrleansBackend.Api.Contracts;
using OrleansBackend.Api.Problems;
using OrleansBackend.Grains.Interfaces.Operations;
using static Microsoft.AspNetCore.Http.StatusCodes;

namespace OrleansBackend.Api.Endpoints;

/// <summary>/health/live and /health/ready.</summary>
public static class HealthEndpoints
{
    private static readonly TimeSpan ReadinessTimeout = TimeSpan.FromSeconds(3);

    public static void MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        var health = app.MapGroup("/health").WithTags("Health");
        health.MapGet("/live", () => TypedResults.Json(new HealthResponse("live"), ApiJsonContext.Default.HealthResponse))
            .WithName("Live")
            .WithSummary("200 while the process runs.")
            .Produces<HealthResponse>();
        health.MapGet("/ready", Ready)
            .WithName("Ready")
            .WithSummary("200 when a grain call and a storage read succeed, else 503.")
            .Produces<HealthResponse>()
            .ProducesProblems(Status503ServiceUnavailable);
    }

    private static async Task<IResult> Ready(IClusterClient grains, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        try
        {
            await grains.GetGrain<IHealthProbeGrain>(0).Check().WaitAsync(ReadinessTimeout, cancellationToken);
            return TypedResults.Json(new HealthResponse("ready"), ApiJsonContext.Default.HealthResponse);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            loggers.CreateLogger(typeof(HealthEndpoints)).LogWarning(exception, "Readiness check failed");
            return Problems.Problems.Result(ProblemTypes.ServiceUnavailable, "The cluster or its storage does not answer.");
        }
    }
}
