using Orleans;

namespace OrleansBackend.Grains.Interfaces.Events;

/// <summary>
/// An event on a user's stream (namespace <see cref="DomainStreams.UserNamespace"/>, key: the user id). The grain whose
/// state change causes it writes it into its own state's outbox in the same write as the change, then publishes it;
/// after a crash it publishes it again, so consumers drop a second copy by <see cref="Id"/>.
/// </summary>
/// <param name="Id">Unique per event; the same on every copy of it.</param>
/// <param name="UserId">The user whose stream carries it.</param>
/// <param name="Type">One of <see cref="DomainEventTypes"/>.</param>
/// <param name="At">When it happened (the publishing grain's clock).</param>
/// <param name="Data">The event's details as a JSON object.</param>
[GenerateSerializer, Immutable, Alias("OrleansBackend.DomainEvent")]
public sealed record DomainEvent(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string UserId,
    [property: Id(2)] string Type,
    [property: Id(3)] DateTimeOffset At,
    [property: Id(4)] string Data);
