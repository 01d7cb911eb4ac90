using OrleansBackend.Api.Problems;

namespace OrleansBackend.Api.Operations;

/// <summary>
/// Admits requests that carry <c>Authorization: Bearer &lt;operator token&gt;</c>: none is 401 with
/// <c>WWW-Authenticate</c>, any other token (a user's session token included) is 403, and so is every request while
/// no operator token is configured.
/// </summary>
public sealed class OperatorAccess(OperatorCredentials credentials) : IEndpointFilter
{
    /// <inheritdoc />
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!credentials.Configured)
        {
            return Problems.Problems.Result(ProblemTypes.Forbidden, $"Operations endpoints are disabled: set {OperationsOptions.SectionName}:OperatorToken.");
        }

        if (http.Request.Headers.Authorization.Count == 0)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer realm=\"operations\"";
            return Problems.Problems.Result(ProblemTypes.Unauthorized, "Send Authorization: Bearer <operator token>.");
        }

        return OperatorCredentials.BearerToken(http.Request) is { } token && credentials.IsOperatorToken(token)
            ? await next(context)
            : Problems.Problems.Result(ProblemTypes.Forbidden, "The token is not the operator token.");
    }
}
