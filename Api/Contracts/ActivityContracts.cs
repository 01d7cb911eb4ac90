using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansBackend.Api.Contracts;

/// <summary>One event of the caller's activity: its type, when it happened, and its details.</summary>
public sealed record ActivityItemResponse(string Type, DateTimeOffset At, JsonElement Data);

/// <summary>The caller's latest events, newest first.</summary>
public sealed record ActivityResponse(IReadOnlyList<ActivityItemResponse> Items);

/// <summary>Source-generated JSON for the activity routes (no reflection on the request path).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ActivityResponse))]
public sealed partial class ActivityJsonContext : JsonSerializerContext
{
}
