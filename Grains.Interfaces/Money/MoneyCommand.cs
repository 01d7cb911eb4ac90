using Orleans;

namespace OrleansBackend.Grains.Interfaces.Money;

/// <summary>
/// A deposit or withdrawal. <see cref="Fingerprint"/> identifies the request's content so a retry with the
/// same <see cref="IdempotencyKey"/> and another content is told apart from a true retry. <see cref="RequestId"/>
/// (default: caller id/key) is written on the ledger entry the request makes. <see cref="RepeatSince"/> is set when the
/// request may have been applied before (its key was bound at that time and the answer is not known): the account then
/// looks for the request's entry in its ledger back to that time, instead of only among the entries it holds in memory.
/// </summary>
[GenerateSerializer, Immutable, Alias("OrleansBackend.MoneyCommand")]
public sealed record MoneyCommand(
    [property: Id(0)] string CallerId,
    [property: Id(1)] string IdempotencyKey,
    [property: Id(2)] string Fingerprint,
    [property: Id(3)] long Amount,
    [property: Id(4)] string? Reference,
    [property: Id(5)] string? RequestId = null,
    [property: Id(6)] DateTimeOffset? RepeatSince = null)
{
    /// <summary>The id written on the entry: <see cref="RequestId"/>, or caller id/key.</summary>
    public string EffectiveRequestId => RequestId ?? $"{CallerId}/{IdempotencyKey}";
}
