using Orleans;

namespace OrleansBackend.Grains.Interfaces.Money;

/// <summary>What moved money on an account.</summary>
[GenerateSerializer, Alias("OrleansBackend.EntryKind")]
public enum EntryKind
{
    /// <summary>Money paid in.</summary>
    Deposit = 0,

    /// <summary>Money paid out.</summary>
    Withdrawal = 1,

    /// <summary>The incoming side of a transfer.</summary>
    TransferIn = 2,

    /// <summary>The outgoing side of a transfer.</summary>
    TransferOut = 3,
}

/// <summary>
/// One line of an account's ledger. <see cref="Amount"/> is always positive; <see cref="Kind"/> gives the
/// direction. <see cref="Sequence"/> numbers the account's entries from 1 without gaps. <see cref="RequestId"/> names
/// the deposit or withdrawal request that made the entry (transfer entries are named by <see cref="TransferId"/> and
/// kind): the entry itself is the durable record that the request was applied.
/// </summary>
[GenerateSerializer, Immutable, Alias("OrleansBackend.LedgerEntry")]
public sealed record LedgerEntry(
    [property: Id(0)] string EntryId,
    [property: Id(1)] string AccountId,
    [property: Id(2)] long Sequence,
    [property: Id(3)] EntryKind Kind,
    [property: Id(4)] long Amount,
    [property: Id(5)] long BalanceAfter,
    [property: Id(6)] DateTimeOffset CreatedAt,
    [property: Id(7)] string? TransferId,
    [property: Id(8)] string? Reference,
    [property: Id(9)] string? RequestId = null)
{
    /// <summary>The entry's effect on the balance (negative for money going out).</summary>
    public long SignedAmount => Kind is EntryKind.Deposit or EntryKind.TransferIn ? Amount : -Amount;
}
