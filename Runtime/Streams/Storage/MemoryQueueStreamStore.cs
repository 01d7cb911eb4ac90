using OrleansBackend.Runtime.Persistence;

namespace OrleansBackend.Runtime.Streams.Storage;

/// <summary>
/// The memory provider's store: bounded per-partition queues in this process's memory (publishers wait when consumers
/// fall behind), shared by the silos of the process. Best effort: whatever is in it is gone when the process stops.
/// </summary>
internal sealed class MemoryQueueStreamStore : IStreamStore
{
    private const int RetainedTail = 1024;

    private readonly MemoryPartitionQueue[] _partitions;
    private readonly MemoryStreamTables _tables = new();
    private long _lastId;

    public MemoryQueueStreamStore(int partitionCount, int capacityPerPartition)
    {
        _partitions = new MemoryPartitionQueue[partitionCount];
        for (var i = 0; i < partitionCount; i++)
        {
            _partitions[i] = new MemoryPartitionQueue(capacityPerPartition, RetainedTail);
        }
    }

    public int PartitionCount => _partitions.Length;

    public async Task AppendAsync(IReadOnlyList<OutboxEvent> events, CancellationToken cancellationToken)
    {
        // Publish calls carry one stream's events; a mixed list is appended stream by stream, in order.
        var start = 0;
        while (start < events.Count)
        {
            var first = events[start];
            var end = start + 1;
            while (end < events.Count && events[end].StreamKey == first.StreamKey && events[end].StreamNamespace == first.StreamNamespace)
            {
                end++;
            }

            var items = new (string, byte[])[end - start];
            for (var i = start; i < end; i++)
            {
                items[i - start] = (events[i].EventType, events[i].Payload);
            }

            var stream = StreamId.Create(first.StreamNamespace, first.StreamKey);
            await Partition(stream).AppendAsync(stream, items, () => Interlocked.Increment(ref _lastId), cancellationToken);
            start = end;
        }
    }

    public Task<IReadOnlyList<StreamEventRecord>> ReadPartitionAsync(int partition, long afterId, int maxCount, CancellationToken cancellationToken) =>
        Task.FromResult(_partitions[partition].ReadAfter(afterId, maxCount));

    public Task<IReadOnlyList<StreamEventRecord>> ReadStreamAsync(StreamId stream, long afterSequence, int maxCount, CancellationToken cancellationToken) =>
        Task.FromResult(Partition(stream).ReadStream(stream, afterSequence, maxCount));

    public Task<long> ReadStreamHeadAsync(StreamId stream, CancellationToken cancellationToken) => Task.FromResult(Partition(stream).Head(stream));

    public Task<long> ReadPartitionCheckpointAsync(int partition, CancellationToken cancellationToken) => Task.FromResult(_tables.ReadCheckpoint(partition));

    public Task SaveProgressAsync(int partition, long checkpoint, IReadOnlyList<SubscriptionRecord> positions, CancellationToken cancellationToken)
    {
        _tables.SaveProgress(partition, checkpoint, positions);
        _partitions[partition].OnCheckpoint(checkpoint);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<SubscriptionRecord>> ReadSubscriptionsAsync(StreamId stream, CancellationToken cancellationToken) =>
        Task.FromResult(_tables.ReadSubscriptions(stream));

    public Task<SubscriptionRecord> AddSubscriptionAsync(SubscriptionRecord subscription, long? startAfter, CancellationToken cancellationToken) =>
        Task.FromResult(_tables.AddSubscription(subscription, startAfter ?? Partition(subscription.Stream).Head(subscription.Stream)));

    public Task RewindSubscriptionAsync(SubscriptionRecord subscription, long position, CancellationToken cancellationToken)
    {
        _tables.Rewind(subscription, position);
        return Task.CompletedTask;
    }

    public Task RemoveSubscriptionAsync(StreamId stream, Guid subscriptionId, CancellationToken cancellationToken)
    {
        _tables.Remove(stream, subscriptionId);
        return Task.CompletedTask;
    }

    public Task<(IReadOnlyList<SubscriptionChange> Changes, long Version)> ReadSubscriptionChangesAsync(long afterVersion, CancellationToken cancellationToken) =>
        Task.FromResult(_tables.ReadChanges(afterVersion));

    public Task AddDeadLetterAsync(DeadLetter letter, CancellationToken cancellationToken)
    {
        _tables.AddDeadLetter(letter);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<DeadLetter>> ReadDeadLettersAsync(int maxCount, CancellationToken cancellationToken) => Task.FromResult(_tables.ReadDeadLetters(maxCount));

    private MemoryPartitionQueue Partition(StreamId stream) =>
        _partitions[StreamPartitioner.GetPartition(stream.Namespace, stream.Key, _partitions.Length)];
}
