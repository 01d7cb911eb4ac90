using Orleans;

namespace OrleansBackend.Grains.Interfaces.Money;

/// <summary>The answer to a transfer leg: <see cref="Entry"/> is the new entry when this call applied it, null when an earlier call did.</summary>
[GenerateSerializer, Immutable, Alias("OrleansBackend.TransferLegResult")]
public sealed record TransferLegResult(
    [property: Id(0)] MoneyOutcome Outcome,
    [property: Id(1)] LedgerEntry? Entry);
