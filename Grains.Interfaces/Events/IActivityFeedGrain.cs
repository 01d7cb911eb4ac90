using Orleans;
using Orleans.Concurrency;

namespace OrleansBackend.Grains.Interfaces.Events;

/// <summary>
/// A user's activity (key: user id): a read model of the user's event stream that keeps at least the latest 1,000
/// events, each numbered by its position in the feed. <c>GET /v1/users/me/activity</c> reads the newest ones;
/// <c>GET /v1/events</c> follows it with <see cref="GetSince"/> and an <see cref="IActivityObserver"/>.
/// </summary>
[Alias("OrleansBackend.IActivityFeedGrain")]
public interface IActivityFeedGrain : IGrainWithStringKey
{
    /// <summary>Up to <paramref name="limit"/> of the latest events, newest first.</summary>
    [Alias("GetLatest")]
    [ReadOnly]
    Task<IReadOnlyList<ActivityItem>> GetLatest(int limit);

    /// <summary>
    /// Up to <paramref name="limit"/> events after sequence <paramref name="afterSequence"/>, oldest first (those older
    /// than the feed keeps are skipped).
    /// </summary>
    [Alias("GetSince")]
    [ReadOnly]
    Task<IReadOnlyList<ActivityItem>> GetSince(long afterSequence, int limit);

    /// <summary>Tells <paramref name="observer"/> of new events for about a minute; call again to stay subscribed.</summary>
    [Alias("Subscribe")]
    Task Subscribe(IActivityObserver observer);

    /// <summary>Stops telling <paramref name="observer"/> of new events.</summary>
    [Alias("Unsubscribe")]
    Task Unsubscribe(IActivityObserver observer);
}
