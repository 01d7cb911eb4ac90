using Orleans;
using Orleans.Runtime;
using OrleansBackend.Grains.Hosting;
using OrleansBackend.Grains.Interfaces.Money;

namespace OrleansBackend.Grains.Money;

/// <summary>
/// Binds a caller's idempotency key to the first request content that used it, for at least 24 hours, and keeps the
/// refusal that request got. Its state is one small row per key, so an account's state does not grow with the requests
/// made to it.
/// </summary>
// Each keyed request activates a grain that is rarely called again; kept for Orleans' default 15 minutes, a busy silo
// would hold hundreds of thousands of idle activations. Two minutes: Orleans requires more than its 1-minute collection
// quantum. A later retry reads the small row back.
[CollectionAgeLimit("00:02:00")]
public sealed class IdempotencyKeyGrain : DurableGrain, IIdempotencyKeyGrain
{
    private readonly IPersistentState<IdempotencyKeyState> _state;
    private readonly TimeProvider _time;

    /// <summary>Creates the activation.</summary>
    public IdempotencyKeyGrain([PersistentState("idempotency-key", StorageNames.Default)] IPersistentState<IdempotencyKeyState> state, TimeProvider time)
    {
        _state = state;
        _time = time;
    }

    /// <inheritdoc />
    public async Task<KeyClaim> Claim(string fingerprint)
    {
        var now = _time.GetUtcNow();
        var state = _state.State;
        if (state.Fingerprint is { } bound && state.BoundAt + IdempotencyPolicy.KeyRetention >= now)
        {
            return bound == fingerprint
                ? new KeyClaim(KeyClaimStatus.Repeat, state.BoundAt, state.Refusal)
                : new KeyClaim(KeyClaimStatus.Reused, state.BoundAt, null);
        }

        // Durable before the request runs: a retry then knows the request may have been applied, and since when.
        state.Fingerprint = fingerprint;
        state.BoundAt = now;
        state.Refusal = null;
        await SaveAsync(_state);
        return new KeyClaim(KeyClaimStatus.New, now, null);
    }

    /// <inheritdoc />
    public async Task RecordRefusal(string fingerprint, MoneyOutcome outcome)
    {
        if (_state.State.Fingerprint == fingerprint && _state.State.Refusal != outcome)
        {
            _state.State.Refusal = outcome;
            await SaveAsync(_state);
        }
    }

    /// <inheritdoc />
    public async Task Release(string fingerprint)
    {
        if (_state.State.Fingerprint == fingerprint)
        {
            _state.State.Fingerprint = null;
            _state.State.Refusal = null;
            await SaveAsync(_state);
        }
    }
}
