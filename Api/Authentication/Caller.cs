namespace OrleansBackend.Api.Authentication;

/// <summary>Who an authenticated request speaks for; set by <see cref="BearerAuthenticationHandler"/>.</summary>
public sealed record Caller(string UserId, string SessionId)
{
    /// <summary>The caller of an endpoint that requires authentication.</summary>
    public static Caller Of(HttpContext context) =>
        context.Features.Get<Caller>() ?? throw new InvalidOperationException("The endpoint does not require authentication.");
}
