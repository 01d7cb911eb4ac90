using Orleans;

namespace OrleansBackend.Grains.Interfaces.Money;

/// <summary>Which side of a transfer a leg applies.</summary>
[GenerateSerializer, Alias("OrleansBackend.TransferLegKind")]
public enum TransferLegKind
{
    /// <summary>Takes the amount from the source.</summary>
    Debit = 0,

    /// <summary>Gives the amount to the destination.</summary>
    Credit = 1,

    /// <summary>Gives a debited amount back to the source when the credit cannot be made.</summary>
    Refund = 2,
}

/// <summary>
/// One step of a transfer saga on one account; applied at most once per transfer id and kind. <see cref="RepeatSince"/>
/// is set when the saga may have sent this leg before (it resumed after a crash, or a call failed): the account then
/// looks for the leg's entry in its ledger back to that time.
/// </summary>
[GenerateSerializer, Immutable, Alias("OrleansBackend.TransferLeg")]
public sealed record TransferLeg(
    [property: Id(0)] string TransferId,
    [property: Id(1)] TransferLegKind Kind,
    [property: Id(2)] long Amount,
    [property: Id(3)] string Currency,
    [property: Id(4)] string? Reference,
    [property: Id(5)] DateTimeOffset? RepeatSince = null);
