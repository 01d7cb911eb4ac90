using Orleans;

namespace OrleansBackend.Grains.Interfaces.Money;

/// <summary>How a money operation ended.</summary>
[GenerateSerializer, Alias("OrleansBackend.MoneyOutcome")]
public enum MoneyOutcome
{
    /// <summary>The operation took effect.</summary>
    Applied = 0,

    /// <summary>No such account, or not one the caller may see; nothing is recorded.</summary>
    NotFound = 1,

    /// <summary>The balance does not cover the amount.</summary>
    InsufficientFunds = 2,

    /// <summary>The resulting balance would exceed the account's limit (at most Int64).</summary>
    LimitExceeded = 3,

    /// <summary>The two accounts of a transfer hold different currencies.</summary>
    CurrencyMismatch = 4,

    /// <summary>The idempotency key was already used for a request with different content.</summary>
    IdempotencyKeyReused = 5,

    /// <summary>A transfer debited its source and has not finished crediting its destination yet.</summary>
    Pending = 6,
}
