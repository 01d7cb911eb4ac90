using Orleans;

namespace OrleansBackend.Grains.Interfaces.Money;

/// <summary>
/// Binds one caller's idempotency key to the content of the first request that used it (key:
/// "user id/hash of the key"), so a key is scoped to the caller across every route and resource. It also keeps the
/// refusal a deposit or withdrawal got, so a retry gets the same answer. An applied request's answer is not kept here:
/// it is the ledger entry, which the account finds again by the request id.
/// </summary>
[Alias("OrleansBackend.IIdempotencyKeyGrain")]
public interface IIdempotencyKeyGrain : IGrainWithStringKey
{
    /// <summary>Binds the key to <paramref name="fingerprint"/> if it is free, and says what it found.</summary>
    [Alias("Claim")]
    [SafeToRepeat]
    Task<KeyClaim> Claim(string fingerprint);

    /// <summary>Remembers that the request bound to <paramref name="fingerprint"/> was refused with <paramref name="outcome"/>.</summary>
    [Alias("RecordRefusal")]
    [SafeToRepeat]
    Task RecordRefusal(string fingerprint, MoneyOutcome outcome);

    /// <summary>Frees the key if it is bound to <paramref name="fingerprint"/> (the request had no effect to remember).</summary>
    [Alias("Release")]
    Task Release(string fingerprint);
}
