using Orleans;
using OrleansBackend.Grains.Interfaces.Events;

namespace OrleansBackend.Grains.Events;

/// <summary>A sealed activity page's items, oldest first.</summary>
[GenerateSerializer, Alias("OrleansBackend.ActivityPageState")]
public sealed class ActivityPageState
{
    /// <summary>The page's events, oldest first.</summary>
    [Id(0)]
    public List<ActivityItem> Items { get; set; } = [];
}
