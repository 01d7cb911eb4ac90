using Orleans;

namespace OrleansBackend.Grains.Interfaces.Identity;

/// <summary>What a user's profile shows: no secret ever travels in it.</summary>
[GenerateSerializer, Immutable, Alias("OrleansBackend.UserProfile")]
public sealed record UserProfile(
    [property: Id(0)] string Id,
    [property: Id(1)] string Email,
    [property: Id(2)] string? DisplayName,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] IReadOnlyList<string> AccountIds);
