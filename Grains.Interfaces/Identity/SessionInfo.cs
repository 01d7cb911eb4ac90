using Orleans;

namespace OrleansBackend.Grains.Interfaces.Identity;

/// <summary>A session as its owner sees it (never the token or its hash).</summary>
[GenerateSerializer, Immutable, Alias("OrleansBackend.SessionInfo")]
public sealed record SessionInfo(
    [property: Id(0)] string SessionId,
    [property: Id(1)] string UserId,
    [property: Id(2)] DateTimeOffset CreatedAt,
    [property: Id(3)] DateTimeOffset LastSeenAt,
    [property: Id(4)] DateTimeOffset ExpiresAt,
    [property: Id(5)] bool Active);
