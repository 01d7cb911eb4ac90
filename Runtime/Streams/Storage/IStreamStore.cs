using OrleansBackend.Runtime.Persistence;

namespace OrleansBackend.Runtime.Streams.Storage;

/// <summary>
/// Where one stream provider keeps its events, subscriptions and delivery progress. Events get a gapless sequence
/// per stream and a partition (<see cref="StreamPartitioner"/>); a partition read never skips an event that commits
/// later with a smaller id.
/// </summary>
internal interface IStreamStore
{
    /// <summary>How many partitions streams are spread over.</summary>
    int PartitionCount { get; }

    /// <summary>Appends events (all or none); completes once they are stored.</summary>
    Task AppendAsync(IReadOnlyList<OutboxEvent> events, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="maxCount"/> events of a partition with an id above <paramref name="afterId"/>, by id.</summary>
    Task<IReadOnlyList<StreamEventRecord>> ReadPartitionAsync(int partition, long afterId, int maxCount, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="maxCount"/> events of a stream with a sequence above <paramref name="afterSequence"/>, by sequence.</summary>
    Task<IReadOnlyList<StreamEventRecord>> ReadStreamAsync(StreamId stream, long afterSequence, int maxCount, CancellationToken cancellationToken);

    /// <summary>The last sequence number of a stream (0 when it has none).</summary>
    Task<long> ReadStreamHeadAsync(StreamId stream, CancellationToken cancellationToken);

    /// <summary>The id up to which every event of a partition was handled (0 at first).</summary>
    Task<long> ReadPartitionCheckpointAsync(int partition, CancellationToken cancellationToken);

    /// <summary>
    /// Records a partition checkpoint and the positions of stored subscriptions in one transaction (a position only
    /// moves forward within its epoch; a subscription removed meanwhile stays removed).
    /// </summary>
    Task SaveProgressAsync(int partition, long checkpoint, IReadOnlyList<SubscriptionRecord> positions, CancellationToken cancellationToken);

    /// <summary>The subscriptions of a stream: explicit ones and the recorded progress of implicit ones.</summary>
    Task<IReadOnlyList<SubscriptionRecord>> ReadSubscriptionsAsync(StreamId stream, CancellationToken cancellationToken);

    /// <summary>Adds an explicit subscription starting after <paramref name="startAfter"/> (null: after the stream's current head); returns it.</summary>
    Task<SubscriptionRecord> AddSubscriptionAsync(SubscriptionRecord subscription, long? startAfter, CancellationToken cancellationToken);

    /// <summary>Moves a subscription to start after <paramref name="position"/> (a rewind), creating an implicit one's row if needed.</summary>
    Task RewindSubscriptionAsync(SubscriptionRecord subscription, long position, CancellationToken cancellationToken);

    /// <summary>Removes an explicit subscription.</summary>
    Task RemoveSubscriptionAsync(StreamId stream, Guid subscriptionId, CancellationToken cancellationToken);

    /// <summary>Subscription changes after <paramref name="afterVersion"/>, by version (also: the latest version when there are none).</summary>
    Task<(IReadOnlyList<SubscriptionChange> Changes, long Version)> ReadSubscriptionChangesAsync(long afterVersion, CancellationToken cancellationToken);

    /// <summary>Parks an event a subscription could not handle.</summary>
    Task AddDeadLetterAsync(DeadLetter letter, CancellationToken cancellationToken);

    /// <summary>The parked events, oldest first.</summary>
    Task<IReadOnlyList<DeadLetter>> ReadDeadLettersAsync(int maxCount, CancellationToken cancellationToken);
}
