using System.Text.Json;
using OrleansBackend.Baseline.Data;
using OrleansBackend.Baseline.Sessions;

namespace OrleansBackend.Baseline.Endpoints;

/// <summary>POST /v1/users and POST /v1/sessions (api.md), on PostgreSQL and Redis.</summary>
public static class IdentityEndpoints
{
    public static void MapIdentity(this WebApplication app)
    {
        app.MapPost("/v1/users", async (HttpContext context, UserStore users, CancellationToken cancellationToken) =>
        {
            var body = await ReadAsync(context, cancellationToken);
            if (body is not { Email: { } email, Password: { } password } || !email.Contains('@') || email.Trim().Length > 254 || password.Length is < 10 or > 256
                || body.DisplayName is { Length: > 100 })
            {
                return Problems.Validation("email must be an address, password 10–256 characters, displayName at most 100.");
            }

            var user = await users.RegisterAsync(email, password, body.DisplayName, cancellationToken);
            return user is null
                ? Problems.Of(409, "email_taken", "This e-mail address is registered already.")
                : TypedResults.Json(user, BaselineJsonContext.Default.UserBody, statusCode: 201);
        });

        app.MapPost("/v1/sessions", async (HttpContext context, UserStore users, SessionStore sessions, CancellationToken cancellationToken) =>
        {
            var body = await ReadAsync(context, cancellationToken);
            var userId = body is { Email: { } email, Password: { } password } ? await users.VerifyAsync(email, password, cancellationToken) : null;
            if (userId is null)
            {
                return Problems.Of(401, "invalid_credentials", "The e-mail address or the password is wrong.");
            }

            return TypedResults.Json(await sessions.CreateAsync(userId), BaselineJsonContext.Default.SessionBody, statusCode: 201);
        });
    }

    private static async Task<Credentials?> ReadAsync(HttpContext context, CancellationToken cancellationToken)
    {
        try
        {
            return await JsonSerializer.DeserializeAsync(context.Request.Body, BaselineJsonContext.Default.Credentials, cancellationToken);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
