namespace OrleansBackend.Runtime.Persistence;

/// <summary>An event as the outbox stored it: its global insertion id and its gapless sequence number in its stream.</summary>
/// <param name="Id">Insertion order across all streams of the storage (gaps are possible; order is what counts).</param>
/// <param name="StreamNamespace">The stream's namespace.</param>
/// <param name="StreamKey">The stream's key.</param>
/// <param name="Sequence">1, 2, 3 … within the stream, without gaps.</param>
/// <param name="Partition">The partition the stream hashes to (<see cref="StreamPartitioner"/>).</param>
/// <param name="EventType">The event's type name.</param>
/// <param name="Payload">The serialized event.</param>
/// <param name="CreatedAt">When the event was committed (storage clock).</param>
internal sealed record StoredEvent(
    long Id,
    string StreamNamespace,
    string StreamKey,
    long Sequence,
    int Partition,
    string EventType,
    byte[] Payload,
    DateTimeOffset CreatedAt);
