using OrleansBackend.Baseline.Endpoints;

namespace OrleansBackend.Baseline;

/// <summary>All routes of the baseline.</summary>
public static class BaselineRoutes
{
    public static void MapBaseline(this WebApplication app)
    {
        app.MapGet("/health/live", () => TypedResults.Ok());
        app.MapIdentity();
        app.MapMoney();
    }
}
