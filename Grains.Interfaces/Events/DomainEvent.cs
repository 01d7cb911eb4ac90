using OrleansBackend.Runtime.Serialization;

namespace OrleansBackend.Grains.Interfaces.Events;

/// <summary>
/// An event on a user's stream (namespace <see cref="DomainStreams.UserNamespace"/>, key: the user id), published by
/// the grain whose state change causes it, in the same storage transaction.
/// </summary>
/// <param name="Type">One of <see cref="DomainEventTypes"/>.</param>
/// <param name="At">When it happened (the publishing grain's clock).</param>
/// <param name="Data">The event's details as a JSON object.</param>
[GenerateSerializer]
public sealed record DomainEvent(
    [property: Id(0)] string Type,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] string Data);
