using System.Security.Cryptography;
using OrleansBackend.Grains.Events;
using OrleansBackend.Grains.Interfaces.Events;
using OrleansBackend.Grains.Interfaces.Identity;
using OrleansBackend.Runtime.Grains;
using OrleansBackend.Runtime.Persistence;

namespace OrleansBackend.Grains.Identity;

/// <summary>A session: validates token hashes in constant time, slides its expiry, ends on revocation.</summary>
public sealed class SessionGrain : DurableGrain, ISessionGrain
{
    private readonly IPersistentState<SessionState> _state;
    private DateTimeOffset _lastSeenAt;

    public SessionGrain([PersistentState("session")] IPersistentState<SessionState> state)
    {
        _state = state;
    }

    private bool Exists => _state.State.UserId is not null;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _lastSeenAt = _state.State.LastSeenAt;
        return Task.CompletedTask;
    }

    public async Task<SessionInfo> Start(string userId, byte[] tokenHash)
    {
        if (Exists)
        {
            if (_state.State.UserId != userId || !CryptographicOperations.FixedTimeEquals(_state.State.TokenHash, tokenHash))
            {
                throw new InvalidOperationException($"Session {this.GetPrimaryKeyString()} already exists.");
            }

            return Info();
        }

        var now = TimeProvider.GetUtcNow();
        _state.State.UserId = userId;
        _state.State.TokenHash = tokenHash;
        _state.State.CreatedAt = now;
        _state.State.LastSeenAt = now;
        _lastSeenAt = now;
        await SaveAsync(_state, DomainEvents.ForUser(userId, DomainEventTypes.SessionStarted, now, writer => writer.WriteString("sessionId", this.GetPrimaryKeyString())));
        return Info();
    }

    public async Task<SessionValidation> Validate(byte[] tokenHash)
    {
        if (!Exists || _state.State.RevokedAt is not null || !CryptographicOperations.FixedTimeEquals(_state.State.TokenHash, tokenHash))
        {
            return SessionValidation.Invalid;
        }

        var now = TimeProvider.GetUtcNow();
        if (now >= SessionPolicy.ExpiresAt(_state.State.CreatedAt, _lastSeenAt))
        {
            return SessionValidation.Invalid;
        }

        _lastSeenAt = now;
        if (now - _state.State.LastSeenAt >= SessionPolicy.LastSeenWriteGranularity)
        {
            _state.State.LastSeenAt = now;
            try
            {
                await SaveAsync(_state);
            }
            catch (StorageException)
            {
                // Only the last-use time failed to persist; the token is still good. The next activation reloads.
            }
        }

        return new SessionValidation(_state.State.UserId, SessionPolicy.ExpiresAt(_state.State.CreatedAt, now));
    }

    public Task<SessionInfo?> Get() => Task.FromResult(Exists ? Info() : null);

    public async Task<bool> Revoke(string userId)
    {
        if (!Exists || _state.State.UserId != userId)
        {
            return false;
        }

        if (_state.State.RevokedAt is null)
        {
            var now = TimeProvider.GetUtcNow();
            _state.State.RevokedAt = now;
            await SaveAsync(_state, DomainEvents.ForUser(userId, DomainEventTypes.SessionEnded, now, writer =>
            {
                writer.WriteString("sessionId", this.GetPrimaryKeyString());
                writer.WriteString("reason", "signed_out");
            }));
        }

        return true;
    }

    private SessionInfo Info()
    {
        var expiresAt = SessionPolicy.ExpiresAt(_state.State.CreatedAt, _lastSeenAt);
        var active = _state.State.RevokedAt is null && TimeProvider.GetUtcNow() < expiresAt;
        return new SessionInfo(this.GetPrimaryKeyString(), _state.State.UserId!, _state.State.CreatedAt, _lastSeenAt, expiresAt, active);
    }
}
