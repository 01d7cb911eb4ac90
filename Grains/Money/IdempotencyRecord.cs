using Orleans;
using OrleansBackend.Grains.Interfaces.Money;

namespace OrleansBackend.Grains.Money;

/// <summary>The content fingerprint and first answer of one idempotent request.</summary>
[GenerateSerializer, Immutable, Alias("OrleansBackend.IdempotencyRecord")]
public sealed record IdempotencyRecord(
    [property: Id(0)] string Fingerprint,
    [property: Id(1)] MoneyOutcome Outcome,
    [property: Id(2)] LedgerEntry? Entry,
    [property: Id(3)] DateTimeOffset CreatedAt);
