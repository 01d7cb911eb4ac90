using System.Security.Cryptography;
using OrleansBackend.Grains.Events;
using OrleansBackend.Grains.Interfaces.Events;
using OrleansBackend.Grains.Interfaces.Identity;
using OrleansBackend.Runtime.Grains;
using OrleansBackend.Runtime.Persistence;
using OrleansBackend.Runtime.Timers.Reminders;

namespace OrleansBackend.Grains.Identity;

/// <summary>
/// A session: validates token hashes in constant time, slides its expiry, ends on revocation or expiry. Expiry is
/// driven by one durable reminder per session, set at the deadline rather than moved on every use: when it ticks,
/// the session either ends (state marked, session.ended published with it) or, used since, re-arms for its new
/// deadline — so a session costs a reminder write about once per sliding lifetime, not per request.
/// </summary>
public sealed class SessionGrain : DurableGrain, ISessionGrain, IRemindable
{
    /// <summary>The name of the reminder that ends the session at its deadline.</summary>
    public const string ExpiryReminderName = "expiry";

    // Only a fallback: each tick re-arms the reminder for the session's current deadline or removes it.
    private static readonly TimeSpan ExpiryReminderPeriod = SessionPolicy.SlidingLifetime;

    private readonly IPersistentState<SessionState> _state;
    private DateTimeOffset _lastSeenAt;

    public SessionGrain([PersistentState("session")] IPersistentState<SessionState> state)
    {
        _state = state;
    }

    private bool Exists => _state.State.UserId is not null;

    private bool Ended => _state.State.RevokedAt is not null || _state.State.ExpiredAt is not null;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _lastSeenAt = _state.State.LastSeenAt;
        if (Exists && !Ended && !_state.State.HasExpiryReminder)
        {
            // Started before sessions had expiry reminders: give it one, once, so it too ends with session.ended.
            try
            {
                var now = TimeProvider.GetUtcNow();
                var expiresAt = SessionPolicy.ExpiresAt(_state.State.CreatedAt, _lastSeenAt);
                await RegisterOrUpdateReminder(ExpiryReminderName, expiresAt > now ? expiresAt - now : TimeSpan.Zero, ExpiryReminderPeriod);
                _state.State.HasExpiryReminder = true;
                await SaveAsync(_state);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The session still works and still expires on time; the next activation tries again.
                _state.State.HasExpiryReminder = false;
            }
        }
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

        // Before the session is saved, so no session exists without its reminder; a reminder whose session was never
        // saved removes itself on its tick.
        await RegisterOrUpdateReminder(ExpiryReminderName, SessionPolicy.ExpiresAt(now, now) - now, ExpiryReminderPeriod);
        _state.State.UserId = userId;
        _state.State.TokenHash = tokenHash;
        _state.State.CreatedAt = now;
        _state.State.LastSeenAt = now;
        _state.State.HasExpiryReminder = true;
        _lastSeenAt = now;
        await SaveAsync(_state, DomainEvents.ForUser(userId, DomainEventTypes.SessionStarted, now, writer => writer.WriteString("sessionId", this.GetPrimaryKeyString())));
        return Info();
    }

    public async Task<SessionValidation> Validate(byte[] tokenHash)
    {
        if (!Exists || Ended || !CryptographicOperations.FixedTimeEquals(_state.State.TokenHash, tokenHash))
        {
            return SessionValidation.Invalid;
        }

        var now = TimeProvider.GetUtcNow();
        if (now >= SessionPolicy.ExpiresAt(_state.State.CreatedAt, _lastSeenAt))
        {
            // Past its deadline: refused at once; the expiry reminder marks it ended and publishes session.ended.
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

        if (!Ended)
        {
            var now = TimeProvider.GetUtcNow();
            _state.State.RevokedAt = now;
            await SaveAsync(_state, EndedEvent(userId, now, "signed_out"));
            await StopExpiryReminderAsync();
        }

        return true;
    }

    /// <summary>The expiry reminder: end the session if its deadline passed, else re-arm for the current deadline.</summary>
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != ExpiryReminderName)
        {
            return;
        }

        if (!Exists || Ended)
        {
            await StopExpiryReminderAsync();
            return;
        }

        var now = TimeProvider.GetUtcNow();
        var expiresAt = SessionPolicy.ExpiresAt(_state.State.CreatedAt, _lastSeenAt);
        if (now < expiresAt)
        {
            // Used since the reminder was set: look again at the deadline that use moved it to.
            await RegisterOrUpdateReminder(ExpiryReminderName, expiresAt - now, ExpiryReminderPeriod);
            return;
        }

        _state.State.ExpiredAt = expiresAt;
        await SaveAsync(_state, EndedEvent(_state.State.UserId!, expiresAt, "expired"));
        await StopExpiryReminderAsync();
    }

    private OutboxEvent EndedEvent(string userId, DateTimeOffset at, string reason) =>
        DomainEvents.ForUser(userId, DomainEventTypes.SessionEnded, at, writer =>
        {
            writer.WriteString("sessionId", this.GetPrimaryKeyString());
            writer.WriteString("reason", reason);
        });

    private async Task StopExpiryReminderAsync()
    {
        try
        {
            if (await GetReminder(ExpiryReminderName) is { } reminder)
            {
                await UnregisterReminder(reminder);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The session has ended and that is saved; a reminder left behind removes itself on its next tick.
        }
    }

    private SessionInfo Info()
    {
        var expiresAt = SessionPolicy.ExpiresAt(_state.State.CreatedAt, _lastSeenAt);
        var active = !Ended && TimeProvider.GetUtcNow() < expiresAt;
        return new SessionInfo(this.GetPrimaryKeyString(), _state.State.UserId!, _state.State.CreatedAt, _lastSeenAt, expiresAt, active);
    }
}
