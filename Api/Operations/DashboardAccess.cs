using OrleansBackend.Api.Endpoints;
using OrleansBackend.Api.Problems;

namespace OrleansBackend.Api.Operations;

/// <summary>
/// Guards the Orleans Dashboard: a browser signs in once with the operator token (<see cref="DashboardSignIn"/>) and
/// then carries an HttpOnly cookie derived from it; scripts may send <c>Authorization: Bearer &lt;operator token&gt;</c>
/// instead. A page request without either is sent to the sign-in form; anything else is 401.
/// </summary>
public sealed class DashboardAccess(OperatorCredentials credentials) : IEndpointFilter
{
    /// <inheritdoc />
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        if (!credentials.Configured)
        {
            return Problems.Problems.Result(ProblemTypes.Forbidden, $"The dashboard is closed: set {OperationsOptions.SectionName}:OperatorToken.");
        }

        if (credentials.HasSignInCookie(request) || (OperatorCredentials.BearerToken(request) is { } token && credentials.IsOperatorToken(token)))
        {
            return await next(context);
        }

        var path = request.Path.Value ?? string.Empty;
        if (HttpMethods.IsGet(request.Method) && (path.EndsWith('/') || path.EndsWith(".html", StringComparison.Ordinal) || path == OperationsEndpoints.DashboardPath))
        {
            return Results.Redirect(DashboardSignIn.Path(OperationsEndpoints.DashboardPath));
        }

        context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer realm=\"operations\"";
        return Problems.Problems.Result(ProblemTypes.Unauthorized, "Sign in to the dashboard with the operator token.");
    }
}
