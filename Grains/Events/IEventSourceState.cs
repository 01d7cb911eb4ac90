using OrleansBackend.Grains.Interfaces.Events;

namespace OrleansBackend.Grains.Events;

/// <summary>
/// The state of a grain that publishes domain events: its outbox holds the events of its latest write (and any
/// not yet published), stored in the same write as the change that caused them.
/// </summary>
public interface IEventSourceState
{
    /// <summary>Events written with the state, oldest first; trimmed once they are published.</summary>
    List<DomainEvent> Outbox { get; }
}
