using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace OrleansBackend.Api.Operations;

/// <summary>
/// Checks the operator token (<see cref="OperationsOptions.OperatorToken"/>) in constant time over hashes, and derives
/// the dashboard's sign-in cookie from it (an HMAC, so the cookie never carries the token itself).
/// </summary>
public sealed class OperatorCredentials
{
    /// <summary>The dashboard's sign-in cookie.</summary>
    public const string CookieName = "orleansbackend_operator";

    private readonly byte[]? _tokenHash;
    private readonly string? _cookieValue;

    /// <summary>Reads the configured token.</summary>
    public OperatorCredentials(IOptions<OperationsOptions> options)
    {
        if (options.Value.OperatorToken is { Length: > 0 } token)
        {
            var bytes = Encoding.UTF8.GetBytes(token);
            _tokenHash = SHA256.HashData(bytes);
            _cookieValue = Convert.ToBase64String(HMACSHA256.HashData(bytes, "orleansbackend dashboard session"u8));
        }
    }

    /// <summary>False while no operator token is configured: operator endpoints are closed.</summary>
    public bool Configured => _tokenHash is not null;

    /// <summary>The value of the sign-in cookie.</summary>
    public string CookieValue => _cookieValue ?? throw new InvalidOperationException("No operator token is configured.");

    /// <summary>True when <paramref name="token"/> is the operator token.</summary>
    public bool IsOperatorToken(ReadOnlySpan<char> token) =>
        _tokenHash is not null && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(token.Trim().ToString())), _tokenHash);

    /// <summary>True when the request carries the sign-in cookie.</summary>
    public bool HasSignInCookie(HttpRequest request) =>
        _cookieValue is not null
        && request.Cookies.TryGetValue(CookieName, out var value)
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(value ?? string.Empty), Encoding.UTF8.GetBytes(_cookieValue));

    /// <summary>The bearer token of the request, or null.</summary>
    public static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization;
        var value = header.Count == 1 ? header[0] : null;
        return value is not null && value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? value[7..] : null;
    }
}
