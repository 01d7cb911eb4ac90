using System.Collections.Concurrent;
using System.Globalization;
using OrleansBackend.Runtime.Grains;
using OrleansBackend.Runtime.Serialization;

namespace OrleansBackend.Runtime.Persistence.Memory;

/// <summary>
/// Grain storage in process memory with real etag semantics. States are kept serialized, so a stored state is
/// never shared with a live grain and a type without a serializer fails here as it would in a database.
/// For tests and the single-process default; nothing survives the process. Events written with state (the outbox)
/// are kept in memory too, with the same atomicity as a database: a conflicting write stores neither.
/// </summary>
public sealed class MemoryGrainStorage : IOutboxGrainStorage, IOutboxEventReader
{
    private readonly ConcurrentDictionary<(string State, GrainId Grain), Entry> _entries = new();
    private readonly MemoryEventLog _events;

    /// <summary>Creates an empty storage.</summary>
    /// <param name="eventPartitionCount">How many partitions outbox streams are spread over.</param>
    /// <param name="timeProvider">The clock that stamps events (the system clock when null).</param>
    public MemoryGrainStorage(int eventPartitionCount = StreamPartitioner.DefaultPartitionCount, TimeProvider? timeProvider = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(eventPartitionCount, 1);
        _events = new MemoryEventLog(eventPartitionCount, timeProvider ?? TimeProvider.System);
        PartitionCount = eventPartitionCount;
    }

    /// <summary>How many records are stored (for tests).</summary>
    public int Count => _entries.Count;

    /// <summary>How many outbox events are stored (for tests).</summary>
    public int EventCount => _events.Count;

    /// <summary>How many partitions outbox streams are spread over.</summary>
    public int PartitionCount { get; }

    /// <summary>The outbox events, for stream providers that read or append them.</summary>
    internal MemoryEventLog EventLog => _events;

    /// <inheritdoc />
    public Task ReadStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
    {
        if (_entries.TryGetValue((stateName, grainId), out var entry) && entry.Payload is not null)
        {
            grainState.State = PayloadSerializer.Deserialize<TState>(entry.Payload);
            grainState.ETag = Etag(entry.Version);
            grainState.RecordExists = true;
        }
        else
        {
            grainState.State = PayloadSerializer.CreateDefault<TState>();
            grainState.ETag = entry is null ? null : Etag(entry.Version);
            grainState.RecordExists = false;
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task WriteStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
    {
        var payload = PayloadSerializer.Serialize(grainState.State);
        var version = Update(stateName, grainId, grainState.ETag, payload);
        grainState.ETag = Etag(version);
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task WriteStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, IReadOnlyList<OutboxEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        var payload = PayloadSerializer.Serialize(grainState.State);
        long version;
        lock (_events.Sync)
        {
            // A conflict throws before anything is appended: state and events are stored together or not at all.
            version = Update(stateName, grainId, grainState.ETag, payload);
            _events.AppendLocked(events);
        }

        grainState.ETag = Etag(version);
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task ClearStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
    {
        var version = Update(stateName, grainId, grainState.ETag, null);
        grainState.ETag = Etag(version);
        grainState.RecordExists = false;
        grainState.State = PayloadSerializer.CreateDefault<TState>();
        return Task.CompletedTask;
    }

    Task<IReadOnlyList<StoredEvent>> IOutboxEventReader.ReadPartitionAsync(int partition, long afterId, int maxCount, CancellationToken cancellationToken) =>
        Task.FromResult(_events.ReadPartition(partition, afterId, maxCount));

    Task<IReadOnlyList<StoredEvent>> IOutboxEventReader.ReadStreamAsync(string streamNamespace, string streamKey, long afterSequence, int maxCount, CancellationToken cancellationToken) =>
        Task.FromResult(_events.ReadStream(streamNamespace, streamKey, afterSequence, maxCount));

    private static string Etag(long version) => version.ToString(CultureInfo.InvariantCulture);

    private long Update(string stateName, GrainId grainId, string? expectedEtag, byte[]? payload)
    {
        var key = (stateName, grainId);
        while (true)
        {
            if (!_entries.TryGetValue(key, out var current))
            {
                if (expectedEtag is not null)
                {
                    throw Conflict(stateName, grainId, null, expectedEtag);
                }

                if (_entries.TryAdd(key, new Entry(1, payload)))
                {
                    return 1;
                }

                continue;
            }

            if (!string.Equals(Etag(current.Version), expectedEtag, StringComparison.Ordinal))
            {
                throw Conflict(stateName, grainId, Etag(current.Version), expectedEtag);
            }

            var next = new Entry(current.Version + 1, payload);
            if (_entries.TryUpdate(key, next, current))
            {
                return next.Version;
            }
        }
    }

    private static InconsistentStateException Conflict(string stateName, GrainId grainId, string? stored, string? expected) =>
        new($"State '{stateName}' of {grainId} was changed by someone else: stored version {stored ?? "(none)"}, expected {expected ?? "(none)"}.", stored, expected);

    private sealed record Entry(long Version, byte[]? Payload);
}
