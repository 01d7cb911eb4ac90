using Orleans;

namespace OrleansBackend.Grains.Interfaces.Identity;

/// <summary>The answer to a token check: the user the token speaks for, or null when it is not valid (any reason).</summary>
[GenerateSerializer, Immutable, Alias("OrleansBackend.SessionValidation")]
public sealed record SessionValidation(
    [property: Id(0)] string? UserId,
    [property: Id(1)] DateTimeOffset ExpiresAt)
{
    /// <summary>The shared "not valid" answer (no reason is given, on purpose).</summary>
    public static readonly SessionValidation Invalid = new(null, default);

    /// <summary>True when the token is valid.</summary>
    public bool IsValid => UserId is not null;
}
