using System.Runtime.CompilerServices;
using OrleansBackend.Runtime.Persistence;
using OrleansBackend.Runtime.Persistence.Memory;

namespace OrleansBackend.Runtime.Streams.Storage;

/// <summary>
/// The durable provider's store on <see cref="MemoryGrainStorage"/> (tests): events in its outbox, subscriptions and
/// progress beside it, shared by every silo that shares the storage instance. Nothing survives the process.
/// </summary>
internal sealed class MemoryStreamStore : IStreamStore
{
    private static readonly ConditionalWeakTable<MemoryGrainStorage, Dictionary<string, MemoryStreamTables>> TablesByStorage = new();

    private readonly MemoryGrainStorage _storage;
    private readonly MemoryEventLog _log;
    private readonly MemoryStreamTables _tables;

    public MemoryStreamStore(MemoryGrainStorage storage, string providerName)
    {
        _storage = storage;
        _log = storage.EventLog;
        var byProvider = TablesByStorage.GetValue(storage, _ => []);
        lock (byProvider)
        {
            if (!byProvider.TryGetValue(providerName, out var tables))
            {
                byProvider[providerName] = tables = new MemoryStreamTables();
            }

            _tables = tables;
        }
    }

    public int PartitionCount => _storage.PartitionCount;

    public Task AppendAsync(IReadOnlyList<OutboxEvent> events, CancellationToken cancellationToken)
    {
        lock (_log.Sync)
        {
            _log.AppendLocked(events);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<StreamEventRecord>> ReadPartitionAsync(int partition, long afterId, int maxCount, CancellationToken cancellationToken) =>
        Task.FromResult(StoredEventMapping.ToRecords(_log.ReadPartition(partition, afterId, maxCount)));

    public Task<IReadOnlyList<StreamEventRecord>> ReadStreamAsync(StreamId stream, long afterSequence, int maxCount, CancellationToken cancellationToken) =>
        Task.FromResult(StoredEventMapping.ToRecords(_log.ReadStream(stream.Namespace, stream.Key, afterSequence, maxCount)));

    public Task<long> ReadStreamHeadAsync(StreamId stream, CancellationToken cancellationToken) =>
        Task.FromResult(_log.GetHead(stream.Namespace, stream.Key));

    public Task<long> ReadPartitionCheckpointAsync(int partition, CancellationToken cancellationToken) =>
        Task.FromResult(_tables.ReadCheckpoint(partition));

    public Task SaveProgressAsync(int partition, long checkpoint, IReadOnlyList<SubscriptionRecord> positions, CancellationToken cancellationToken)
    {
        _tables.SaveProgress(partition, checkpoint, positions);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<SubscriptionRecord>> ReadSubscriptionsAsync(StreamId stream, CancellationToken cancellationToken) =>
        Task.FromResult(_tables.ReadSubscriptions(stream));

    public Task<SubscriptionRecord> AddSubscriptionAsync(SubscriptionRecord subscription, long? startAfter, CancellationToken cancellationToken) =>
        Task.FromResult(_tables.AddSubscription(subscription, startAfter ?? _log.GetHead(subscription.Stream.Namespace, subscription.Stream.Key)));

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

    public Task<IReadOnlyList<DeadLetter>> ReadDeadLettersAsync(int maxCount, CancellationToken cancellationToken) =>
        Task.FromResult(_tables.ReadDeadLetters(maxCount));
}
