using Orleans.Dashboard;
using OrleansBackend.Api.Contracts;
using OrleansBackend.Api.OpenApi;
using OrleansBackend.Api.Operations;
using static Microsoft.AspNetCore.Http.StatusCodes;

namespace OrleansBackend.Api.Endpoints;

/// <summary>GET /v1/cluster and the Orleans Dashboard, both behind the operator token.</summary>
public static class OperationsEndpoints
{
    /// <summary>Where the Orleans Dashboard is served.</summary>
    public const string DashboardPath = "/dashboard";

    /// <summary>Maps the operator endpoints.</summary>
    public static void MapOperationsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/cluster", ReadCluster)
            .WithTags("Operations")
            .WithName("GetCluster")
            .WithSummary("Silos with address, status, start, heartbeat and activation count (operator token).")
            .WithDescription("Membership and activation counts from Orleans' management grain. Requires `Authorization: Bearer <operator token>` "
                + $"({OperationsOptions.SectionName}:OperatorToken): none is 401, another token 403.")
            .WithMetadata(OperatorTokenMetadata.Instance)
            .AddEndpointFilter<OperatorAccess>()
            .Produces<ClusterResponse>()
            .ProducesProblems(Status401Unauthorized, Status403Forbidden, Status429TooManyRequests);

        app.MapDashboardSignIn(DashboardPath);
        app.MapOrleansDashboard(DashboardPath)
            .AddEndpointFilter<DashboardAccess>()
            .ExcludeFromDescription();
    }

    private static async Task<IResult> ReadCluster(ClusterOverview overview) =>
        TypedResults.Json(await overview.ReadAsync(), ApiJsonContext.Default.ClusterResponse);
}
