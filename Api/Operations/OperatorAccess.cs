using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using OrleansBackend.Api.Problems;

namespace OrleansBackend.Api.Operations;

/// <summary>
/// Admits requests that carry <c>Authorization: Bearer &lt;operator token&gt;</c>: none is 401 with
/// <c>WWW-Authenticate</c>, any other token (a user's session token included) is 403, and so is every request while
/// no operator token is configured. Compared in constant time over hashes.
/// </summary>
public sealed class OperatorAccess(IOptions<OperationsOptions> options) : IEndpointFilter
{
    private const string Prefix = "Bearer ";
    private readonly byte[]? _expected = options.Value.OperatorToken is { Length: > 0 } token ? SHA256.HashData(Encoding.UTF8.GetBytes(token)) : null;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (_expected is null)
        {
            return Problems.Problems.Result(ProblemTypes.Forbidden, $"Operations endpoints are disabled: set {OperationsOptions.SectionName}:OperatorToken.");
        }

        var header = http.Request.Headers.Authorization;
        if (header.Count == 0)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer realm=\"operations\"";
            return Problems.Problems.Result(ProblemTypes.Unauthorized, "Send Authorization: Bearer <operator token>.");
        }

        var value = header.Count == 1 ? header[0] : null;
        if (value is null || !value.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)
            || !CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(value[Prefix.Length..].Trim())), _expected))
        {
            return Problems.Problems.Result(ProblemTypes.Forbidden, "The token is not the operator token.");
        }

        return await next(context);
    }
}
