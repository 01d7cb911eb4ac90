using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Orleans;
using OrleansBackend.Api.Authentication;
using OrleansBackend.Api.Contracts;
using OrleansBackend.Grains.Interfaces.Events;
using static Microsoft.AspNetCore.Http.StatusCodes;

namespace OrleansBackend.Api.Endpoints;

/// <summary>GET /v1/users/me/activity: the caller's latest events, read from the activity feed (a read model of their stream).</summary>
public static class ActivityEndpoints
{
    private const int DefaultPageSize = 50;
    private const int MaxPageSize = 200;

    public static void MapActivityEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/users/me/activity", GetActivity)
            .WithTags("Events")
            .RequireAuthorization()
            .WithName("GetActivity")
            .WithSummary("The caller's latest events (user.registered, session.*, login.failed, account.*, transfer.completed), newest first; limit 1–200 (default 50).")
            .Produces<ActivityResponse>()
            .ProducesProblems(Status400BadRequest, Status401Unauthorized, Status429TooManyRequests);
    }

    private static async Task<IResult> GetActivity(HttpContext context, IClusterClient grains, [FromQuery] string? limit)
    {
        var pageSize = DefaultPageSize;
        if (limit is not null
            && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > MaxPageSize))
        {
            return Problems.Problems.Validation(new Dictionary<string, string[]>(StringComparer.Ordinal)
            {
                ["limit"] = [$"Must be an integer from 1 to {MaxPageSize}."],
            });
        }

        var latest = await grains.GetGrain<IActivityFeedGrain>(Caller.Of(context).UserId).GetLatest(pageSize);
        var items = new List<ActivityItemResponse>(latest.Count);
        foreach (var item in latest)
        {
            items.Add(ToResponse(item.Type, item.At, item.Data));
        }

        return TypedResults.Json(new ActivityResponse(items), ActivityJsonContext.Default.ActivityResponse);
    }

    internal static ActivityItemResponse ToResponse(string type, DateTimeOffset at, string data)
    {
        using var document = JsonDocument.Parse(data);
        return new ActivityItemResponse(type, at, document.RootElement.Clone());
    }
}
