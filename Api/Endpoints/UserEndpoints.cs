using Orleans;
using OrleansBackend.Api.Authentication;
using OrleansBackend.Api.Contracts;
using OrleansBackend.Api.Problems;
using OrleansBackend.Api.Requests;
using OrleansBackend.Grains.Interfaces.Identity;
using static Microsoft.AspNetCore.Http.StatusCodes;

namespace OrleansBackend.Api.Endpoints;

/// <summary>/v1/users: registration and the caller's profile.</summary>
public static class UserEndpoints
{
    private const int MinPasswordLength = 10;
    private const int MaxPasswordLength = 256;
    private const int MaxDisplayNameLength = 100;

    public static void MapUserEndpoints(this IEndpointRouteBuilder app)
    {
        var users = app.MapGroup("/v1/users").WithTags("Users");
        users.MapPost("", Register)
            .WithName("RegisterUser")
            .WithSummary("Registers a user.")
            .AcceptsJson<RegisterUserRequest>()
            .Produces<UserResponse>(Status201Created)
            .ProducesProblems(Status409Conflict, Status429TooManyRequests);
        users.MapGet("/me", GetMe)
            .RequireAuthorization()
            .WithName("GetCurrentUser")
            .WithSummary("The signed-in user, with the ids of their accounts.")
            .Produces<CurrentUserResponse>()
            .ProducesProblems(Status401Unauthorized, Status429TooManyRequests);
        users.MapGet("/{userId}", GetUser)
            .RequireAuthorization()
            .WithName("GetUser")
            .WithSummary("A user by id: only the caller themselves (others are not found).")
            .Produces<CurrentUserResponse>()
            .ProducesProblems(Status401Unauthorized, Status404NotFound, Status429TooManyRequests);
    }

    private static async Task<IResult> Register(HttpContext context, IClusterClient grains)
    {
        var (fields, problem) = await RequestBody.ReadObjectAsync(context);
        if (fields is null)
        {
            return problem!;
        }

        var email = fields.String("email", required: true)?.Trim();
        var password = fields.String("password", required: true);
        var displayName = fields.String("displayName", required: false)?.Trim();
        fields.RejectUnknown("email", "password", "displayName");
        if (email is not null && !EmailSyntax.IsValid(email))
        {
            fields.AddError("email", "This is not a valid e-mail address.");
        }

        if (password is not null && (!TextRules.IsWellFormed(password) || TextRules.Length(password) is < MinPasswordLength or > MaxPasswordLength))
        {
            fields.AddError("password", $"The password must be {MinPasswordLength} to {MaxPasswordLength} characters.");
        }

        if (displayName is { Length: 0 })
        {
            displayName = null;
        }

        if (displayName is not null && (!TextRules.IsPrintable(displayName) || TextRules.Length(displayName) > MaxDisplayNameLength))
        {
            fields.AddError("displayName", $"The display name must be at most {MaxDisplayNameLength} printable characters.");
        }

        if (!fields.IsValid)
        {
            return Problems.Problems.Validation(fields.Errors());
        }

        var result = await grains.GetGrain<IEmailIndexGrain>(EmailAddresses.Normalize(email!)).Register(email!, password!, displayName);
        if (result.Status == RegistrationStatus.EmailTaken)
        {
            return Problems.Problems.Result(ProblemTypes.EmailTaken, "A user with this e-mail address already exists.");
        }

        var user = result.User!;
        context.Response.Headers.Location = $"/v1/users/{user.Id}";
        return TypedResults.Json(user.ToResponse(), ApiJsonContext.Default.UserResponse, statusCode: Status201Created);
    }

    private static async Task<IResult> GetMe(HttpContext context, IClusterClient grains)
    {
        var profile = await grains.GetGrain<IUserGrain>(Caller.Of(context).UserId).GetProfile();
        return profile is null
            ? Problems.Problems.NotFound("user")
            : TypedResults.Json(profile.ToCurrentUser(), ApiJsonContext.Default.CurrentUserResponse);
    }

    private static Task<IResult> GetUser(HttpContext context, IClusterClient grains, string userId) =>
        userId == Caller.Of(context).UserId ? GetMe(context, grains) : Task.FromResult(Problems.Problems.NotFound("user"));
}
