using OrleansBackend.Runtime.Grains;

namespace OrleansBackend.Grains.Interfaces.Events;

/// <summary>A user's activity (key: user id): a read model of the user's event stream, keeping the latest events.</summary>
public interface IActivityFeedGrain : IGrainWithStringKey
{
    /// <summary>Up to <paramref name="limit"/> of the latest events, newest first.</summary>
    [ReadOnly]
    Task<IReadOnlyList<ActivityItem>> GetLatest(int limit);
}
