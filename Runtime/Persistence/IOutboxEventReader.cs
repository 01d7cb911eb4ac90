namespace OrleansBackend.Runtime.Persistence;

/// <summary>
/// Reads what the outbox stored, for the durable stream provider: a partition's events in insertion order, or one
/// stream's events by sequence. A reader never skips an event that commits later with a smaller id: events of
/// transactions still in flight hold back the partition read until they commit or roll back.
/// </summary>
internal interface IOutboxEventReader
{
    /// <summary>How many partitions streams are spread over.</summary>
    int PartitionCount { get; }

    /// <summary>Up to <paramref name="maxCount"/> events of <paramref name="partition"/> with an id above <paramref name="afterId"/>, by id.</summary>
    Task<IReadOnlyList<StoredEvent>> ReadPartitionAsync(int partition, long afterId, int maxCount, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="maxCount"/> events of one stream with a sequence above <paramref name="afterSequence"/>, by sequence.</summary>
    Task<IReadOnlyList<StoredEvent>> ReadStreamAsync(string streamNamespace, string streamKey, long afterSequence, int maxCount, CancellationToken cancellationToken);
}
