using OrleansBackend.Grains.Interfaces.Events;
using OrleansBackend.Runtime.Serialization;

namespace OrleansBackend.Grains.Events;

/// <summary>A sealed activity page's items, oldest first.</summary>
[GenerateSerializer]
public sealed class ActivityPageState
{
    [Id(0)]
    public List<ActivityItem> Items { get; set; } = [];
}
