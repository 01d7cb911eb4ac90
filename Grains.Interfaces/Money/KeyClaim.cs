using Orleans;

namespace OrleansBackend.Grains.Interfaces.Money;

/// <summary>What claiming an idempotency key found.</summary>
[GenerateSerializer, Alias("OrleansBackend.KeyClaimStatus")]
public enum KeyClaimStatus
{
    /// <summary>The key was free and is now bound to the request's content: a first attempt.</summary>
    New = 0,

    /// <summary>The key was bound to the same content before: the request may have been applied already.</summary>
    Repeat = 1,

    /// <summary>The key is bound to other content.</summary>
    Reused = 2,
}

/// <summary>
/// The answer to <see cref="IIdempotencyKeyGrain.Claim"/>: the status, when the key was bound, and the refusal remembered
/// for it, if the first attempt was refused (a refusal changes no account, so the key is where it is kept).
/// </summary>
[GenerateSerializer, Immutable, Alias("OrleansBackend.KeyClaim")]
public sealed record KeyClaim(
    [property: Id(0)] KeyClaimStatus Status,
    [property: Id(1)] DateTimeOffset BoundAt,
    [property: Id(2)] MoneyOutcome? Refusal);
