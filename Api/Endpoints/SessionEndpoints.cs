using System.Globalization;
using Orleans;
using OrleansBackend.Api.Authentication;
using OrleansBackend.Api.Contracts;
using OrleansBackend.Api.Problems;
using OrleansBackend.Api.Requests;
using OrleansBackend.Grains.Interfaces;
using OrleansBackend.Grains.Interfaces.Identity;
using static Microsoft.AspNetCore.Http.StatusCodes;

namespace OrleansBackend.Api.Endpoints;

/// <summary>/v1/sessions: sign in, list and end sessions.</summary>
public static class SessionEndpoints
{
    // Longer passwords cannot be right (registration caps them); refusing them early bounds the hashing work.
    private const int MaxPasswordChars = 1024;

    public static void MapSessionEndpoints(this IEndpointRouteBuilder app)
    {
        var sessions = app.MapGroup("/v1/sessions").WithTags("Sessions");
        sessions.MapPost("", Login)
            .WithName("Login")
            .WithSummary("Signs in: answers a bearer token (shown once).")
            .AcceptsJson<LoginRequest>()
            .Produces<SessionCreatedResponse>(Status201Created)
            .ProducesProblems(Status401Unauthorized, Status429TooManyRequests);
        sessions.MapGet("", List)
            .RequireAuthorization()
            .WithName("ListSessions")
            .WithSummary("The caller's active sessions.")
            .Produces<SessionListResponse>()
            .ProducesProblems(Status401Unauthorized, Status429TooManyRequests);
        sessions.MapGet("/{sessionId}", Get)
            .RequireAuthorization()
            .WithName("GetSession")
            .WithSummary("One of the caller's active sessions.")
            .Produces<SessionResponse>()
            .ProducesProblems(Status401Unauthorized, Status404NotFound, Status429TooManyRequests);
        sessions.MapDelete("/current", EndCurrent)
            .RequireAuthorization()
            .WithName("Logout")
            .WithSummary("Ends the caller's session: its token is dead at once.")
            .Produces(Status204NoContent)
            .ProducesProblems(Status401Unauthorized, Status429TooManyRequests);
        sessions.MapDelete("/{sessionId}", End)
            .RequireAuthorization()
            .WithName("EndSession")
            .WithSummary("Ends one of the caller's sessions.")
            .Produces(Status204NoContent)
            .ProducesProblems(Status401Unauthorized, Status404NotFound, Status429TooManyRequests);
    }

    private static async Task<IResult> Login(HttpContext context, IClusterClient grains, TimeProvider time)
    {
        var (fields, problem) = await RequestBody.ReadObjectAsync(context);
        if (fields is null)
        {
            return problem!;
        }

        var email = fields.String("email", required: true);
        var password = fields.String("password", required: true);
        fields.RejectUnknown("email", "password");
        if (!fields.IsValid)
        {
            return Problems.Problems.Validation(fields.Errors());
        }

        var normalized = EmailAddresses.Normalize(email!);
        if (normalized.Length is 0 or > EmailAddresses.MaxLength || password!.Length > MaxPasswordChars
            || !TextRules.IsWellFormed(normalized) || !TextRules.IsWellFormed(password))
        {
            return InvalidCredentials(context);
        }

        var (token, sessionId, secretHash) = SessionTokens.Create();
        var result = await grains.GetGrain<IEmailIndexGrain>(normalized).Login(password, sessionId, secretHash);
        switch (result.Status)
        {
            case LoginStatus.Succeeded:
                var session = result.Session!;
                context.Response.Headers.Location = $"/v1/sessions/{session.SessionId}";
                context.Response.Headers.CacheControl = "no-store";
                return TypedResults.Json(
                    new SessionCreatedResponse(token, session.SessionId, session.UserId, session.ExpiresAt),
                    ApiJsonContext.Default.SessionCreatedResponse,
                    statusCode: Status201Created);
            case LoginStatus.LockedOut:
                var seconds = Math.Max(1, (int)Math.Ceiling((result.RetryAt!.Value - time.GetUtcNow()).TotalSeconds));
                context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                return Problems.Problems.Result(ProblemTypes.TooManyAttempts, $"Too many failed attempts for this e-mail address; retry in {seconds} s.");
            default:
                return InvalidCredentials(context);
        }
    }

    private static async Task<IResult> List(HttpContext context, IClusterClient grains)
    {
        var caller = Caller.Of(context);
        var sessions = await grains.GetGrain<IUserGrain>(caller.UserId).GetActiveSessions();
        var items = sessions.Select(s => s.ToResponse(caller.SessionId)).ToList();
        return TypedResults.Json(new SessionListResponse(items), ApiJsonContext.Default.SessionListResponse);
    }

    private static async Task<IResult> Get(HttpContext context, IClusterClient grains, string sessionId)
    {
        var caller = Caller.Of(context);
        var session = ResourceIds.IsWellFormed(sessionId, ResourceIds.SessionPrefix)
            ? await grains.GetGrain<ISessionGrain>(sessionId).Get()
            : null;
        return session is { Active: true } && session.UserId == caller.UserId
            ? TypedResults.Json(session.ToResponse(caller.SessionId), ApiJsonContext.Default.SessionResponse)
            : Problems.Problems.NotFound("session");
    }

    private static async Task<IResult> EndCurrent(HttpContext context, IClusterClient grains)
    {
        var caller = Caller.Of(context);
        await grains.GetGrain<ISessionGrain>(caller.SessionId).Revoke(caller.UserId);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> End(HttpContext context, IClusterClient grains, string sessionId)
    {
        var caller = Caller.Of(context);
        var revoked = ResourceIds.IsWellFormed(sessionId, ResourceIds.SessionPrefix)
            && await grains.GetGrain<ISessionGrain>(sessionId).Revoke(caller.UserId);
        return revoked ? TypedResults.NoContent() : Problems.Problems.NotFound("session");
    }

    private static IResult InvalidCredentials(HttpContext context)
    {
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return Problems.Problems.Result(ProblemTypes.InvalidCredentials, "The e-mail address or the password is wrong.");
    }
}
