using OrleansBackend.Grains.Interfaces.Money;
using OrleansBackend.Runtime.Persistence;

namespace OrleansBackend.Grains.Money;

/// <summary>Binds a caller's idempotency key to the first request content that used it, for at least 24 hours.</summary>
public sealed class IdempotencyKeyGrain : DurableGrain, IIdempotencyKeyGrain
{
    private readonly IPersistentState<IdempotencyKeyState> _state;

    public IdempotencyKeyGrain([PersistentState("key")] IPersistentState<IdempotencyKeyState> state)
    {
        _state = state;
    }

    public async Task<bool> Claim(string fingerprint)
    {
        var now = TimeProvider.GetUtcNow();
        if (_state.State.Fingerprint is { } bound && _state.State.BoundAt + IdempotencyPolicy.KeyRetention >= now)
        {
            return bound == fingerprint;
        }

        _state.State.Fingerprint = fingerprint;
        _state.State.BoundAt = now;
        await SaveAsync(_state);
        return true;
    }

    public async Task Release(string fingerprint)
    {
        if (_state.State.Fingerprint == fingerprint)
        {
            _state.State.Fingerprint = null;
            await SaveAsync(_state);
        }
    }
}
