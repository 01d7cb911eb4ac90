using Orleans;

namespace OrleansBackend.Grains.Interfaces.Money;

/// <summary>
/// A deposit or withdrawal. <see cref="Fingerprint"/> identifies the request's content so a retry with the
/// same <see cref="IdempotencyKey"/> and another content is told apart from a true retry.
/// </summary>
[GenerateSerializer, Immutable, Alias("OrleansBackend.MoneyCommand")]
public sealed record MoneyCommand(
    [property: Id(0)] string CallerId,
    [property: Id(1)] string IdempotencyKey,
    [property: Id(2)] string Fingerprint,
    [property: Id(3)] long Amount,
    [property: Id(4)] string? Reference);
