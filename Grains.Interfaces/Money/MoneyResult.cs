using Orleans;

namespace OrleansBackend.Grains.Interfaces.Money;

/// <summary>
/// The answer to a deposit or withdrawal. The first answer to an idempotency key is stored with the account's
/// state in the same write as its effect; retries get it back with <see cref="Replayed"/> set.
/// </summary>
[GenerateSerializer, Immutable, Alias("OrleansBackend.MoneyResult")]
public sealed record MoneyResult(
    [property: Id(0)] MoneyOutcome Outcome,
    [property: Id(1)] LedgerEntry? Entry,
    [property: Id(2)] bool Replayed)
{
    /// <summary>The "not found" answer.</summary>
    public static readonly MoneyResult NotFound = new(MoneyOutcome.NotFound, null, false);

    /// <summary>The "key reused with other content" answer.</summary>
    public static readonly MoneyResult KeyReused = new(MoneyOutcome.IdempotencyKeyReused, null, false);
}
