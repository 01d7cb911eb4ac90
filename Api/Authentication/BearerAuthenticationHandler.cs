using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Orleans;
using OrleansBackend.Api.Problems;
using OrleansBackend.Grains.Interfaces.Identity;

namespace OrleansBackend.Api.Authentication;

/// <summary>
/// Authenticates <c>Authorization: Bearer &lt;token&gt;</c> by asking the token's session grain, so a revoked or
/// expired session is refused at once on every Api instance. Failures answer 401 unauthorized with
/// <c>WWW-Authenticate: Bearer</c>.
/// </summary>
public sealed class BearerAuthenticationHandler : AuthenticationHandler<AuthenticationSchemeOptions>
{
    /// <summary>The scheme name.</summary>
    public const string SchemeName = "Bearer";

    private const string Prefix = "Bearer ";
    private readonly IClusterClient _client;

    public BearerAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IClusterClient client)
        : base(options, logger, encoder)
    {
        _client = client;
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var headers = Request.Headers.Authorization;
        if (headers.Count == 0)
        {
            return AuthenticateResult.NoResult();
        }

        var header = headers.Count == 1 ? headers[0] : null;
        if (header is null || !header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)
            || !SessionTokens.TryParse(header.AsSpan(Prefix.Length).Trim(), out var sessionId, out var secretHash))
        {
            return AuthenticateResult.Fail("The bearer token is malformed.");
        }

        var validation = await _client.GetGrain<ISessionGrain>(sessionId).Validate(secretHash);
        if (!validation.IsValid)
        {
            return AuthenticateResult.Fail("The bearer token is not valid.");
        }

        Context.Features.Set(new Caller(validation.UserId!, sessionId));
        var identity = new ClaimsIdentity([new Claim("sub", validation.UserId!), new Claim("sid", sessionId)], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var presented = Request.Headers.Authorization.Count > 0;
        Response.Headers.WWWAuthenticate = presented ? "Bearer error=\"invalid_token\"" : "Bearer";
        var detail = presented
            ? "The bearer token is malformed, expired or revoked; sign in again with POST /v1/sessions."
            : "Send Authorization: Bearer <token> with a token from POST /v1/sessions.";
        return Problems.Problems.WriteAsync(Context, ProblemTypes.Unauthorized.With(detail));
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problems.Problems.WriteAsync(Context, ProblemTypes.NotFound.With("The resource does not exist."));
}
