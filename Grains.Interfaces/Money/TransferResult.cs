using Orleans;

namespace OrleansBackend.Grains.Interfaces.Money;

/// <summary>The answer to a transfer request or read.</summary>
[GenerateSerializer, Immutable, Alias("OrleansBackend.TransferResult")]
public sealed record TransferResult(
    [property: Id(0)] MoneyOutcome Outcome,
    [property: Id(1)] TransferSnapshot? Transfer,
    [property: Id(2)] bool Replayed)
{
    /// <summary>The "not found" answer.</summary>
    public static readonly TransferResult NotFound = new(MoneyOutcome.NotFound, null, false);
}
