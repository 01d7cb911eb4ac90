using OrleansBackend.Api.Endpoints;
using OrleansBackend.Api.Operations;
using OrleansBackend.Api.Problems;
using OrleansBackend.Hosting.Telemetry;

namespace OrleansBackend.Api.Hosting;

/// <summary>The Api's middleware and endpoints, in order.</summary>
public static class ApiPipeline
{
    /// <summary>Problem details outermost, then routing, rate limits, authentication, and the endpoints.</summary>
    public static WebApplication UseBackendApi(this WebApplication app)
    {
        app.UseMiddleware<ProblemMiddleware>();
        app.UseSwaggerUI(ui =>
        {
            ui.RoutePrefix = "docs";
            ui.SwaggerEndpoint("/openapi/v1.json", "OrleansBackend v1");
            ui.DocumentTitle = "OrleansBackend API";
        });
        app.UseRouting();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapOpenApi();
        app.MapHealthEndpoints();
        app.MapBackendMetrics()
            .WithTags("Operations")
            .WithName("Metrics")
            .WithSummary("Prometheus text exposition of this process's metrics.")
            .Produces<string>(StatusCodes.Status200OK, "text/plain");
        app.MapOperationsEndpoints();
        app.MapUserEndpoints();
        app.MapSessionEndpoints();
        app.MapAccountEndpoints();
        app.MapTransferEndpoints();
        app.MapActivityEndpoints();
        app.MapEventStreamEndpoints();
        return app;
    }
}
