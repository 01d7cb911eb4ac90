namespace OrleansBackend.Grains.Interfaces.Events;

/// <summary>
/// The event types of api.md. Grains will publish them together with the state change that causes them, through
/// the transactional outbox of durable storage (user.registered from the e-mail index, session.* and
/// login.failed from sessions and the e-mail index, account.* from accounts, transfer.completed from transfers);
/// the activity feed and <c>GET /v1/events</c> read them from the streams.
/// </summary>
public static class DomainEventTypes
{
    public const string UserRegistered = "user.registered";
    public const string SessionStarted = "session.started";
    public const string SessionEnded = "session.ended";
    public const string LoginFailed = "login.failed";
    public const string AccountOpened = "account.opened";
    public const string AccountCredited = "account.credited";
    public const string AccountDebited = "account.debited";
    public const string TransferCompleted = "transfer.completed";
}
