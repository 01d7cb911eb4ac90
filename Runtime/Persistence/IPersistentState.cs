namespace OrleansBackend.Runtime.Persistence;

/// <summary>
/// A grain's durable state, injected through a <c>[PersistentState]</c> constructor parameter and loaded
/// before <c>OnActivateAsync</c>. Writes are conditional on <see cref="Etag"/>: a stale writer gets an
/// <see cref="InconsistentStateException"/> and its activation is deactivated.
/// </summary>
public interface IPersistentState<TState>
{
    /// <summary>The state; a fresh default instance when nothing was stored.</summary>
    TState State { get; set; }

    /// <summary>The version of the stored record this state was read from or last written as; null when none.</summary>
    string? Etag { get; }

    /// <summary>True when a record exists in storage.</summary>
    bool RecordExists { get; }

    /// <summary>Reloads the state from storage.</summary>
    Task ReadStateAsync(CancellationToken cancellationToken = default);

    /// <summary>Writes the state if storage still holds the version in <see cref="Etag"/>.</summary>
    Task WriteStateAsync(CancellationToken cancellationToken = default);

    /// <summary>Removes the stored record (same etag check) and resets the state to its default.</summary>
    Task ClearStateAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes the state and appends <paramref name="events"/> to their streams in one transaction (the
    /// transactional outbox): both are stored or neither is. Same etag check as <see cref="WriteStateAsync(CancellationToken)"/>.
    /// </summary>
    /// <exception cref="NotSupportedException">The grain storage cannot commit events with state.</exception>
    Task WriteStateAsync(IReadOnlyList<OutboxEvent> events, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException($"{GetType().Name} cannot write events with state.");
}
