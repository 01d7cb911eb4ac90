using Orleans;
using Orleans.Runtime;
using OrleansBackend.Grains.Hosting;
using OrleansBackend.Grains.Interfaces.Money;

namespace OrleansBackend.Grains.Money;

/// <summary>Binds a caller's idempotency key to the first request content that used it, for at least 24 hours.</summary>
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
    public async Task<bool> Claim(string fingerprint)
    {
        var now = _time.GetUtcNow();
        if (_state.State.Fingerprint is { } bound && _state.State.BoundAt + IdempotencyPolicy.KeyRetention >= now)
        {
            return bound == fingerprint;
        }

        _state.State.Fingerprint = fingerprint;
        _state.State.BoundAt = now;
        await SaveAsync(_state);
        return true;
    }

    /// <inheritdoc />
    public async Task Release(string fingerprint)
    {
        if (_state.State.Fingerprint == fingerprint)
        {
            _state.State.Fingerprint = null;
            await SaveAsync(_state);
        }
    }
}
