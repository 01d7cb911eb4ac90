using OrleansBackend.Grains.Interfaces.Events;
using OrleansBackend.Runtime.Serialization;

namespace OrleansBackend.Grains.Events;

[GenerateSerializer]
public sealed class ActivityFeedState
{
    /// <summary>The newest events not yet sealed into a page, oldest first (fewer than a page).</summary>
    [Id(0)]
    public List<ActivityItem> Items { get; set; } = [];

    /// <summary>The last sequence number applied: anything at or below it is a redelivery.</summary>
    [Id(1)]
    public long LastSequence { get; set; }

    /// <summary>Pages sealed so far: pages 0 … SealedPages − 1 live in page grains (the oldest ones discarded).</summary>
    [Id(2)]
    public long SealedPages { get; set; }
}
