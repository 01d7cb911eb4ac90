using System.Reflection;
using OrleansBackend.Api.Contracts;
using OrleansBackend.Api.OpenApi;
using OrleansBackend.Api.Operations;
using static Microsoft.AspNetCore.Http.StatusCodes;

namespace OrleansBackend.Api.Endpoints;

/// <summary>GET /v1/cluster (operator token) and the dashboard page that shows it live.</summary>
public static class OperationsEndpoints
{
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    private static readonly (string Path, string Resource, string ContentType)[] DashboardFiles =
    [
        ("/dashboard", "index.html", "text/html; charset=utf-8"),
        ("/dashboard/dashboard.js", "dashboard.js", "text/javascript; charset=utf-8"),
        ("/dashboard/figures.js", "figures.js", "text/javascript; charset=utf-8"),
        ("/dashboard/charts.js", "charts.js", "text/javascript; charset=utf-8"),
        ("/dashboard/alerts.js", "alerts.js", "text/javascript; charset=utf-8"),
        ("/dashboard/tables.js", "tables.js", "text/javascript; charset=utf-8"),
        ("/dashboard/dashboard.css", "dashboard.css", "text/css; charset=utf-8"),
    ];

    public static void MapOperationsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/cluster", ReadCluster)
            .WithTags("Operations")
            .WithName("GetCluster")
            .WithSummary("Silos with address, status, start, heartbeat and activation count, and each silo's figures (operator token).")
            .WithDescription("Membership as the answering Api sees it, plus every live silo's figures read from its management port: "
                + "activations by grain type, grain calls and latency by method, messages and bytes, process, storage and streams. "
                + "Counters are cumulative since each process started; derive rates from two answers. Requires `Authorization: Bearer <operator token>` "
                + $"({OperationsOptions.SectionName}:OperatorToken): none is 401, another token 403.")
            .WithMetadata(OperatorTokenMetadata.Instance)
            .AddEndpointFilter<OperatorAccess>()
            .Produces<ClusterResponse>()
            .ProducesProblems(Status401Unauthorized, Status403Forbidden, Status429TooManyRequests);

        foreach (var (path, resource, contentType) in DashboardFiles)
        {
            var content = Load(resource);
            app.MapGet(path, (HttpContext context) =>
                {
                    var headers = context.Response.Headers;
                    headers.CacheControl = "no-cache";
                    headers.ContentSecurityPolicy = ContentSecurityPolicy;
                    headers.XContentTypeOptions = "nosniff";
                    return Results.Bytes(content, contentType);
                })
                .WithTags("Operations")
                .WithName("Dashboard" + string.Concat(Path.GetFileNameWithoutExtension(resource).Split('.').Select(p => char.ToUpperInvariant(p[0]) + p[1..])) + Path.GetExtension(resource).TrimStart('.').ToUpperInvariant())
                .WithSummary(resource == "index.html"
                    ? "The live cluster dashboard (HTML; asks for the operator token and polls GET /v1/cluster)."
                    : $"A file of the dashboard ({resource}).")
                .Produces<string>(Status200OK, contentType.Split(';')[0]);
        }
    }

    private static async Task<IResult> ReadCluster(ClusterOverview overview, CancellationToken cancellationToken) =>
        TypedResults.Json(await overview.ReadAsync(cancellationToken), ApiJsonContext.Default.ClusterResponse);

    private static byte[] Load(string resource)
    {
        var name = $"OrleansBackend.Api.Operations.Dashboard.{resource}";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The dashboard file {name} is not embedded in the Api.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
