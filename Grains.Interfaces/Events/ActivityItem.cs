using OrleansBackend.Runtime.Serialization;

namespace OrleansBackend.Grains.Interfaces.Events;

/// <summary>One entry of a user's activity feed: a domain event and its sequence number in the user's stream.</summary>
[GenerateSerializer]
public sealed record ActivityItem(
    [property: Id(0)] long Sequence,
    [property: Id(1)] string Type,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] string Data);
