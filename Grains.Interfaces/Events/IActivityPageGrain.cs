using Orleans;
using Orleans.Concurrency;

namespace OrleansBackend.Grains.Interfaces.Events;

/// <summary>
/// A sealed page of a user's activity feed (key: "user id/page number"). The feed moves full pages here, so the
/// state it writes on every event stays small instead of re-encoding its whole history each time.
/// </summary>
[Alias("OrleansBackend.IActivityPageGrain")]
public interface IActivityPageGrain : IGrainWithStringKey
{
    /// <summary>Stores the page's items once; later calls keep what was stored first.</summary>
    [Alias("Seal")]
    Task Seal(IReadOnlyList<ActivityItem> items);

    /// <summary>The page's items, oldest first (empty before it is sealed or after it was discarded).</summary>
    [Alias("GetItems")]
    [ReadOnly]
    Task<IReadOnlyList<ActivityItem>> GetItems();

    /// <summary>Deletes the page: it fell out of the feed's retention.</summary>
    [Alias("Discard")]
    Task Discard();
}
