using OrleansBackend.Runtime.Grains;

namespace OrleansBackend.Grains.Interfaces.Events;

/// <summary>
/// A sealed page of a user's activity feed (key: "user id/page number"). The feed moves full pages here, so the
/// state it writes on every event stays small instead of re-encoding its whole history each time.
/// </summary>
public interface IActivityPageGrain : IGrainWithStringKey
{
    /// <summary>Stores the page's items once; later calls keep what was stored first.</summary>
    Task Seal(IReadOnlyList<ActivityItem> items);

    /// <summary>The page's items, oldest first (empty before it is sealed or after it was discarded).</summary>
    [ReadOnly]
    Task<IReadOnlyList<ActivityItem>> GetItems();

    /// <summary>Deletes the page: it fell out of the feed's retention.</summary>
    Task Discard();
}
