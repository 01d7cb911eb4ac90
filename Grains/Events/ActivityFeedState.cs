using OrleansBackend.Grains.Interfaces.Events;
using OrleansBackend.Runtime.Serialization;

namespace OrleansBackend.Grains.Events;

[GenerateSerializer]
public sealed class ActivityFeedState
{
    /// <summary>The latest events, oldest first.</summary>
    [Id(0)]
    public List<ActivityItem> Items { get; set; } = [];

    /// <summary>The last sequence number applied: anything at or below it is a redelivery.</summary>
    [Id(1)]
    public long LastSequence { get; set; }
}
