using OrleansBackend.Runtime.Persistence;

namespace OrleansBackend.Runtime.Streams.Storage;

/// <summary>
/// The store of a durable provider whose grain storage cannot keep events (a custom storage): every operation fails
/// with a <see cref="StorageException"/> that says why, so publishing fails clearly instead of the silo not starting.
/// </summary>
internal sealed class UnavailableStreamStore : IStreamStore
{
    private readonly string _reason;

    public UnavailableStreamStore(string reason, int partitionCount)
    {
        _reason = reason;
        PartitionCount = partitionCount;
    }

    public int PartitionCount { get; }

    public Task AppendAsync(IReadOnlyList<OutboxEvent> events, CancellationToken cancellationToken) => Fail<bool>();

    public Task<IReadOnlyList<StreamEventRecord>> ReadPartitionAsync(int partition, long afterId, int maxCount, CancellationToken cancellationToken) => Fail<IReadOnlyList<StreamEventRecord>>();

    public Task<IReadOnlyList<StreamEventRecord>> ReadStreamAsync(StreamId stream, long afterSequence, int maxCount, CancellationToken cancellationToken) => Fail<IReadOnlyList<StreamEventRecord>>();

    public Task<long> ReadStreamHeadAsync(StreamId stream, CancellationToken cancellationToken) => Fail<long>();

    public Task<long> ReadPartitionCheckpointAsync(int partition, CancellationToken cancellationToken) => Fail<long>();

    public Task SaveProgressAsync(int partition, long checkpoint, IReadOnlyList<SubscriptionRecord> positions, CancellationToken cancellationToken) => Fail<bool>();

    public Task<IReadOnlyList<SubscriptionRecord>> ReadSubscriptionsAsync(StreamId stream, CancellationToken cancellationToken) => Fail<IReadOnlyList<SubscriptionRecord>>();

    public Task<SubscriptionRecord> AddSubscriptionAsync(SubscriptionRecord subscription, long? startAfter, CancellationToken cancellationToken) => Fail<SubscriptionRecord>();

    public Task RewindSubscriptionAsync(SubscriptionRecord subscription, long position, CancellationToken cancellationToken) => Fail<bool>();

    public Task RemoveSubscriptionAsync(StreamId stream, Guid subscriptionId, CancellationToken cancellationToken) => Fail<bool>();

    public Task<(IReadOnlyList<SubscriptionChange> Changes, long Version)> ReadSubscriptionChangesAsync(long afterVersion, CancellationToken cancellationToken) =>
        Fail<(IReadOnlyList<SubscriptionChange>, long)>();

    public Task AddDeadLetterAsync(DeadLetter letter, CancellationToken cancellationToken) => Fail<bool>();

    public Task<IReadOnlyList<DeadLetter>> ReadDeadLettersAsync(int maxCount, CancellationToken cancellationToken) => Fail<IReadOnlyList<DeadLetter>>();

    private Task<T> Fail<T>() => Task.FromException<T>(new StorageException(_reason));
}
