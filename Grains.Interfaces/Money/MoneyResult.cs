using Orleans;

namespace OrleansBackend.Grains.Interfaces.Money;

/// <summary>
/// The answer to a deposit or withdrawal. An applied request's answer is its ledger entry (written in the same state
/// write as the balance); a refusal is remembered by the idempotency key. Retries get it back with
/// <see cref="Replayed"/> set.
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
