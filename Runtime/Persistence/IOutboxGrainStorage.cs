using OrleansBackend.Runtime.Grains;

namespace OrleansBackend.Runtime.Persistence;

/// <summary>
/// A grain storage that can commit a state write and stream events in one transaction (the transactional outbox).
/// Either both are stored or neither is; a stale etag stores neither and throws <see cref="InconsistentStateException"/>.
/// </summary>
public interface IOutboxGrainStorage : IGrainStorage
{
    /// <summary>Stores the state and appends <paramref name="events"/> atomically, and sets the new etag.</summary>
    Task WriteStateAsync<TState>(
        string stateName,
        GrainId grainId,
        IGrainState<TState> grainState,
        IReadOnlyList<OutboxEvent> events,
        CancellationToken cancellationToken);
}
