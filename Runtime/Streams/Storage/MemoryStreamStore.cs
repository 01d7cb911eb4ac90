using System.Runtime.CompilerServices;
using OrleansBackend.Runtime.Persistence;
using OrleansBackend.Runtime.Persistence.Memory;

namespace OrleansBackend.Runtime.Streams.Storage;

/// <summary>
/// The durable provider's store on <see cref="MemoryGrainStorage"/>: events in its outbox, subscriptions and progress
/// beside it, shared by every silo that shares the storage instance (a test cluster). Nothing survives the process.
/// </summary>
internal sealed class MemoryStreamStore : IStreamStore
{
    private static readonly ConditionalWeakTable<MemoryGrainStorage, Dictionary<string, Tables>> TablesByStorage = new();

    private readonly MemoryGrainStorage _storage;
    private readonly MemoryEventLog _log;
    private readonly Tables _tables;

    public MemoryStreamStore(MemoryGrainStorage storage, string providerName)
    {
        _storage = storage;
        _log = storage.EventLog;
        var byProvider = TablesByStorage.GetValue(storage, _ => []);
        lock (byProvider)
        {
            if (!byProvider.TryGetValue(providerName, out var tables))
            {
                byProvider[providerName] = tables = new Tables();
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

    public Task<long> ReadPartitionCheckpointAsync(int partition, CancellationToken cancellationToken)
    {
        lock (_tables)
        {
            return Task.FromResult(_tables.Checkpoints.TryGetValue(partition, out var checkpoint) ? checkpoint : 0);
        }
    }

    public Task SaveProgressAsync(int partition, long checkpoint, IReadOnlyList<SubscriptionRecord> positions, CancellationToken cancellationToken)
    {
        lock (_tables)
        {
            _tables.Checkpoints[partition] = checkpoint;
            foreach (var position in positions)
            {
                var key = (position.Stream, position.Id);
                if (_tables.Subscriptions.TryGetValue(key, out var stored))
                {
                    if (stored.Epoch == position.Epoch && stored.Position < position.Position)
                    {
                        _tables.Subscriptions[key] = stored with { Position = position.Position };
                    }
                }
                else if (position.IsImplicit)
                {
                    _tables.Subscriptions[key] = position;
                }
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<SubscriptionRecord>> ReadSubscriptionsAsync(StreamId stream, CancellationToken cancellationToken)
    {
        var result = new List<SubscriptionRecord>();
        lock (_tables)
        {
            foreach (var (key, record) in _tables.Subscriptions)
            {
                if (key.Stream == stream)
                {
                    result.Add(record);
                }
            }
        }

        return Task.FromResult<IReadOnlyList<SubscriptionRecord>>(result);
    }

    public Task<SubscriptionRecord> AddSubscriptionAsync(SubscriptionRecord subscription, long? startAfter, CancellationToken cancellationToken)
    {
        var position = startAfter ?? _log.GetHead(subscription.Stream.Namespace, subscription.Stream.Key);
        var stored = subscription with { Position = position, Epoch = 1 };
        lock (_tables)
        {
            _tables.Subscriptions[(subscription.Stream, subscription.Id)] = stored;
            _tables.AddChangeLocked(subscription.Stream);
        }

        return Task.FromResult(stored);
    }

    public Task RewindSubscriptionAsync(SubscriptionRecord subscription, long position, CancellationToken cancellationToken)
    {
        lock (_tables)
        {
            var key = (subscription.Stream, subscription.Id);
            if (_tables.Subscriptions.TryGetValue(key, out var stored))
            {
                _tables.Subscriptions[key] = stored with { Position = position, Epoch = stored.Epoch + 1 };
            }
            else if (subscription.IsImplicit)
            {
                _tables.Subscriptions[key] = subscription with { Position = position, Epoch = 1 };
            }
            else
            {
                throw new InvalidOperationException($"Subscription {subscription.Id} of stream {subscription.Stream} does not exist.");
            }

            _tables.AddChangeLocked(subscription.Stream);
        }

        return Task.CompletedTask;
    }

    public Task RemoveSubscriptionAsync(StreamId stream, Guid subscriptionId, CancellationToken cancellationToken)
    {
        lock (_tables)
        {
            if (_tables.Subscriptions.Remove((stream, subscriptionId)))
            {
                _tables.AddChangeLocked(stream);
            }
        }

        return Task.CompletedTask;
    }

    public Task<(IReadOnlyList<SubscriptionChange> Changes, long Version)> ReadSubscriptionChangesAsync(long afterVersion, CancellationToken cancellationToken)
    {
        lock (_tables)
        {
            var result = new List<SubscriptionChange>();
            foreach (var change in _tables.Changes)
            {
                if (change.Version > afterVersion)
                {
                    result.Add(change);
                }
            }

            return Task.FromResult<(IReadOnlyList<SubscriptionChange>, long)>((result, _tables.Version));
        }
    }

    public Task AddDeadLetterAsync(DeadLetter letter, CancellationToken cancellationToken)
    {
        lock (_tables)
        {
            _tables.DeadLetters.Add(letter);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<DeadLetter>> ReadDeadLettersAsync(int maxCount, CancellationToken cancellationToken)
    {
        lock (_tables)
        {
            return Task.FromResult<IReadOnlyList<DeadLetter>>([.. _tables.DeadLetters.Take(maxCount)]);
        }
    }

    /// <summary>One provider's subscriptions and progress (guarded by locking the instance).</summary>
    private sealed class Tables
    {
        private const int RetainedChanges = 10_000;

        public Dictionary<(StreamId Stream, Guid Id), SubscriptionRecord> Subscriptions { get; } = [];

        public Dictionary<int, long> Checkpoints { get; } = [];

        public List<SubscriptionChange> Changes { get; } = [];

        public List<DeadLetter> DeadLetters { get; } = [];

        public long Version { get; private set; }

        public void AddChangeLocked(StreamId stream)
        {
            Changes.Add(new SubscriptionChange(++Version, stream));
            if (Changes.Count > RetainedChanges)
            {
                Changes.RemoveRange(0, Changes.Count - RetainedChanges);
            }
        }
    }
}
