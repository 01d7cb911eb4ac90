using Orleans;
using OrleansBackend.Grains.Interfaces.Events;

namespace OrleansBackend.Grains.Events;

/// <summary>A user's activity feed: the events since its last sealed page, and where it stands.</summary>
[GenerateSerializer, Alias("OrleansBackend.ActivityFeedState")]
public sealed class ActivityFeedState
{
    /// <summary>The newest events not yet sealed into a page, oldest first (fewer than a page).</summary>
    [Id(0)]
    public List<ActivityItem> Items { get; set; } = [];

    /// <summary>The sequence of the newest event applied (events are numbered from 1 in the order applied).</summary>
    [Id(1)]
    public long LastSequence { get; set; }

    /// <summary>Pages sealed so far: pages 0 … SealedPages − 1 live in page grains (the oldest ones discarded).</summary>
    [Id(2)]
    public long SealedPages { get; set; }
}
