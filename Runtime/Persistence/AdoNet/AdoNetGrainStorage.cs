using System.Globalization;
using OrleansBackend.Runtime.Grains;
using OrleansBackend.Runtime.Serialization;

namespace OrleansBackend.Runtime.Persistence.AdoNet;

/// <summary>
/// Grain storage in a relational database (PostgreSQL or SQLite): one row per grain state keyed by service id,
/// grain type, grain key and state name, with a version that serves as etag. Writes are conditional on the etag
/// and grouped into shared transactions (group commit) without losing their individual answers; a clear keeps
/// the row as a tombstone so that a writer holding an older version still conflicts. Events written with state
/// (the outbox) are committed in the same transaction.
/// </summary>
internal sealed class AdoNetGrainStorage : IOutboxGrainStorage, IOutboxEventReader
{
    private readonly AdoNetDatabase _database;

    public AdoNetGrainStorage(AdoNetDatabase database)
    {
        _database = database;
    }

    public int PartitionCount => _database.EventPartitionCount;

    /// <summary>The database, for the durable stream provider's tables beside the outbox.</summary>
    public AdoNetDatabase Database => _database;

    public async Task ReadStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
    {
        var stored = await _database.ReadStateAsync(grainId, stateName, cancellationToken);
        if (stored is { Payload: { } payload } row)
        {
            grainState.State = PayloadSerializer.Deserialize<TState>(payload);
            grainState.ETag = Etag(row.Version);
            grainState.RecordExists = true;
        }
        else
        {
            grainState.State = PayloadSerializer.CreateDefault<TState>();
            grainState.ETag = stored is { } tombstone ? Etag(tombstone.Version) : null;
            grainState.RecordExists = false;
        }
    }

    public Task WriteStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken) =>
        WriteStateAsync(stateName, grainId, grainState, null, cancellationToken);

    public async Task WriteStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, IReadOnlyList<OutboxEvent>? events, CancellationToken cancellationToken)
    {
        var write = new StateWrite(stateName, grainId, ExpectedVersion(stateName, grainId, grainState.ETag), PayloadSerializer.Serialize(grainState.State), events);
        var version = await _database.WriteStateAsync(write, cancellationToken);
        grainState.ETag = Etag(version);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
    {
        var write = new StateWrite(stateName, grainId, ExpectedVersion(stateName, grainId, grainState.ETag), null, null);
        var version = await _database.WriteStateAsync(write, cancellationToken);
        grainState.ETag = Etag(version);
        grainState.RecordExists = false;
        grainState.State = PayloadSerializer.CreateDefault<TState>();
    }

    public Task<IReadOnlyList<StoredEvent>> ReadPartitionAsync(int partition, long afterId, int maxCount, CancellationToken cancellationToken) =>
        _database.ReadPartitionAsync(partition, afterId, maxCount, cancellationToken);

    public Task<IReadOnlyList<StoredEvent>> ReadStreamAsync(string streamNamespace, string streamKey, long afterSequence, int maxCount, CancellationToken cancellationToken) =>
        _database.ReadStreamAsync(streamNamespace, streamKey, afterSequence, maxCount, cancellationToken);

    private static string Etag(long version) => version.ToString(CultureInfo.InvariantCulture);

    private static long? ExpectedVersion(string stateName, GrainId grainId, string? etag)
    {
        if (etag is null)
        {
            return null;
        }

        return long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : throw new InconsistentStateException($"State '{stateName}' of {grainId} carries etag '{etag}', which this storage never issued.", null, etag);
    }
}
