using System.Security.Cryptography;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;
using OrleansBackend.Grains.Events;
using OrleansBackend.Grains.Hosting;
using OrleansBackend.Grains.Interfaces.Events;
using OrleansBackend.Grains.Interfaces.Identity;

namespace OrleansBackend.Grains.Identity;

/// <summary>
/// A session: validates token hashes in constant time, slides its expiry, ends on revocation or expiry. Expiry is
/// driven by one durable reminder per session, set at the deadline rather than moved on every use: when it ticks,
/// the session either ends (state marked, session.ended published with it) or, used since, re-arms for its new
/// deadline — so a session costs a reminder write about once per sliding lifetime, not per request.
/// </summary>
public sealed class SessionGrain : PublishingGrain<SessionState>, ISessionGrain, IRemindable
{
    /// <summary>The name of the reminder that ends the session at its deadline.</summary>
    public const string ExpiryReminderName = "expiry";

    // Only a fallback: each tick re-arms the reminder for the session's current deadline or removes it.
    private static readonly TimeSpan ExpiryReminderPeriod = SessionPolicy.SlidingLifetime;

    private readonly TimeProvider _time;
    private DateTimeOffset _lastSeenAt;

    /// <summary>Creates the activation.</summary>
    public SessionGrain([PersistentState("session", StorageNames.Default)] IPersistentState<SessionState> state, TimeProvider time)
        : base(state)
    {
        _time = time;
    }

    private bool Exists => State.UserId is not null;

    private bool Ended => State.RevokedAt is not null || State.ExpiredAt is not null;

    /// <inheritdoc />
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await base.OnActivateAsync(cancellationToken);
        _lastSeenAt = State.LastSeenAt;
    }

    /// <inheritdoc />
    public async Task<SessionInfo> Start(string userId, byte[] tokenHash)
    {
        if (Exists)
        {
            if (State.UserId != userId || !CryptographicOperations.FixedTimeEquals(State.TokenHash, tokenHash))
            {
                throw new InvalidOperationException($"Session {this.GetPrimaryKeyString()} already exists.");
            }

            return Info();
        }

        var now = _time.GetUtcNow();

        // Before the session is saved, so no session exists without its reminder; a reminder whose session was never
        // saved removes itself on its tick.
        await this.RegisterOrUpdateReminder(ExpiryReminderName, SessionPolicy.ExpiresAt(now, now) - now, ExpiryReminderPeriod);
        State.UserId = userId;
        State.TokenHash = tokenHash;
        State.CreatedAt = now;
        State.LastSeenAt = now;
        _lastSeenAt = now;
        await SaveAsync(DomainEvents.ForUser(userId, DomainEventTypes.SessionStarted, now, writer => writer.WriteString("sessionId", this.GetPrimaryKeyString())));
        return Info();
    }

    /// <inheritdoc />
    public async Task<SessionValidation> Validate(byte[] tokenHash)
    {
        if (!Exists || Ended || !CryptographicOperations.FixedTimeEquals(State.TokenHash, tokenHash))
        {
            return SessionValidation.Invalid;
        }

        var now = _time.GetUtcNow();
        if (now >= SessionPolicy.ExpiresAt(State.CreatedAt, _lastSeenAt))
        {
            // Past its deadline: refused at once; the expiry reminder marks it ended and publishes session.ended.
            return SessionValidation.Invalid;
        }

        _lastSeenAt = now;
        if (now - State.LastSeenAt >= SessionPolicy.LastSeenWriteGranularity)
        {
            State.LastSeenAt = now;
            try
            {
                await SaveAsync();
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Only the last-use time failed to persist; the token is still good. The next activation reloads.
            }
        }

        return new SessionValidation(State.UserId, SessionPolicy.ExpiresAt(State.CreatedAt, now));
    }

    /// <inheritdoc />
    public Task<SessionInfo?> Get() => Task.FromResult(Exists ? Info() : null);

    /// <inheritdoc />
    public async Task<bool> Revoke(string userId)
    {
        if (!Exists || State.UserId != userId)
        {
            return false;
        }

        if (!Ended)
        {
            var now = _time.GetUtcNow();
            State.RevokedAt = now;
            await SaveAsync(EndedEvent(userId, now, "signed_out"));
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

        var now = _time.GetUtcNow();
        var expiresAt = SessionPolicy.ExpiresAt(State.CreatedAt, _lastSeenAt);
        if (now < expiresAt)
        {
            // Used since the reminder was set: look again at the deadline that use moved it to.
            await this.RegisterOrUpdateReminder(ExpiryReminderName, expiresAt - now, ExpiryReminderPeriod);
            return;
        }

        State.ExpiredAt = expiresAt;
        await SaveAsync(EndedEvent(State.UserId!, expiresAt, "expired"));
        await StopExpiryReminderAsync();
    }

    private DomainEvent EndedEvent(string userId, DateTimeOffset at, string reason) =>
        DomainEvents.ForUser(userId, DomainEventTypes.SessionEnded, at, writer =>
        {
            writer.WriteString("sessionId", this.GetPrimaryKeyString());
            writer.WriteString("reason", reason);
        });

    private async Task StopExpiryReminderAsync()
    {
        try
        {
            if (await this.GetReminder(ExpiryReminderName) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The session has ended and that is saved; a reminder left behind removes itself on its next tick.
        }
    }

    private SessionInfo Info()
    {
        var expiresAt = SessionPolicy.ExpiresAt(State.CreatedAt, _lastSeenAt);
        var active = !Ended && _time.GetUtcNow() < expiresAt;
        return new SessionInfo(this.GetPrimaryKeyString(), State.UserId!, State.CreatedAt, _lastSeenAt, expiresAt, active);
    }
}
