using Orleans;

namespace OrleansBackend.Grains.Interfaces.Events;

/// <summary>One entry of a user's activity feed: a domain event and its position in the feed.</summary>
/// <param name="Sequence">Numbers the user's feed from 1 without gaps, in the order the feed applied the events.</param>
/// <param name="EventId">The event's <see cref="DomainEvent.Id"/>, by which a second copy is recognised.</param>
/// <param name="Type">The event's type.</param>
/// <param name="At">When it happened.</param>
/// <param name="Data">The event's details as a JSON object.</param>
[GenerateSerializer, Immutable, Alias("OrleansBackend.ActivityItem")]
public sealed record ActivityItem(
    [property: Id(0)] long Sequence,
    [property: Id(1)] Guid EventId,
    [property: Id(2)] string Type,
    [property: Id(3)] DateTimeOffset At,
    [property: Id(4)] string Data);
