using Orleans;

namespace OrleansBackend.Grains.Interfaces.Money;

/// <summary>
/// A page of an account's ledger, newest first. <see cref="NextBefore"/> is the sequence to pass as
/// "before" for the next page, or null at the end; <see cref="Found"/> is false when the caller may not see the account.
/// </summary>
[GenerateSerializer, Immutable, Alias("OrleansBackend.TransactionsPage")]
public sealed record TransactionsPage(
    [property: Id(0)] bool Found,
    [property: Id(1)] IReadOnlyList<LedgerEntry> Items,
    [property: Id(2)] long? NextBefore)
{
    /// <summary>The answer for an account the caller may not see.</summary>
    public static readonly TransactionsPage NotFound = new(false, [], null);
}
