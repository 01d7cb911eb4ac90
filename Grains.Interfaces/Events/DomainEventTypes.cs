namespace OrleansBackend.Grains.Interfaces.Events;

/// <summary>
/// The event types of api.md. Grains will publish them together with the state change that causes them, through
/// the transactional outbox of durable storage (user.registered from the e-mail index, session.* and
/// login.failed from sessions and the e-mail index, account.* from accounts, transfer.completed from transfers);
/// the activity feed and <c>GET /v1/events</c> read them from the streams.
/// </summary>
public static class DomainEventTypes
{
    /// <summary>A user was created (from the e-mail index).</summary>
    public const string UserRegistered = "user.registered";

    /// <summary>A sign-in started a session.</summary>
    public const string SessionStarted = "session.started";

    /// <summary>A session ended: signed out, revoked or expired.</summary>
    public const string SessionEnded = "session.ended";

    /// <summary>A sign-in with a known address failed.</summary>
    public const string LoginFailed = "login.failed";

    /// <summary>An account was opened.</summary>
    public const string AccountOpened = "account.opened";

    /// <summary>Money came into an account (deposit or incoming transfer).</summary>
    public const string AccountCredited = "account.credited";

    /// <summary>Money left an account (withdrawal or outgoing transfer).</summary>
    public const string AccountDebited = "account.debited";

    /// <summary>A transfer applied both of its sides.</summary>
    public const string TransferCompleted = "transfer.completed";
}
