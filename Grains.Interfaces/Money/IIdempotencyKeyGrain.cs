using Orleans;

namespace OrleansBackend.Grains.Interfaces.Money;

/// <summary>
/// Binds one caller's idempotency key to the content of the first request that used it (key:
/// "user id/hash of the key"), so a key is scoped to the caller across every route and resource.
/// </summary>
[Alias("OrleansBackend.IIdempotencyKeyGrain")]
public interface IIdempotencyKeyGrain : IGrainWithStringKey
{
    /// <summary>True when the key is free or already bound to <paramref name="fingerprint"/>; false when bound to other content.</summary>
    [Alias("Claim")]
    [SafeToRepeat]
    Task<bool> Claim(string fingerprint);

    /// <summary>Frees the key if it is bound to <paramref name="fingerprint"/> (the request had no effect to remember).</summary>
    [Alias("Release")]
    Task Release(string fingerprint);
}
