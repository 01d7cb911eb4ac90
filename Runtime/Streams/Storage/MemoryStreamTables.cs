namespace OrleansBackend.Runtime.Streams.Storage;

/// <summary>
/// One memory-backed provider's subscriptions, partition checkpoints, subscription changes and dead letters, with the
/// same rules as the database tables (positions only move forward within an epoch; explicit rows are never recreated
/// by progress). Thread-safe.
/// </summary>
internal sealed class MemoryStreamTables
{
    private const int RetainedChanges = 10_000;

    private readonly object _lock = new();
    private readonly Dictionary<(StreamId Stream, Guid Id), SubscriptionRecord> _subscriptions = [];
    private readonly Dictionary<int, long> _checkpoints = [];
    private readonly List<SubscriptionChange> _changes = [];
    private readonly List<DeadLetter> _deadLetters = [];
    private long _version;

    public long ReadCheckpoint(int partition)
    {
        lock (_lock)
        {
            return _checkpoints.TryGetValue(partition, out var checkpoint) ? checkpoint : 0;
        }
    }

    public void SaveProgress(int partition, long checkpoint, IReadOnlyList<SubscriptionRecord> positions)
    {
        lock (_lock)
        {
            _checkpoints[partition] = checkpoint;
            foreach (var position in positions)
            {
                var key = (position.Stream, position.Id);
                // Only existing rows: an unsubscribed subscription must not come back.
                if (_subscriptions.TryGetValue(key, out var stored) && stored.Epoch == position.Epoch && stored.Position < position.Position)
                {
                    _subscriptions[key] = stored with { Position = position.Position };
                }
            }
        }
    }

    public IReadOnlyList<SubscriptionRecord> ReadSubscriptions(StreamId stream)
    {
        var result = new List<SubscriptionRecord>();
        lock (_lock)
        {
            foreach (var (key, record) in _subscriptions)
            {
                if (key.Stream == stream)
                {
                    result.Add(record);
                }
            }
        }

        return result;
    }

    public SubscriptionRecord AddSubscription(SubscriptionRecord subscription, long position)
    {
        var stored = subscription with { Position = position, Epoch = 1 };
        lock (_lock)
        {
            _subscriptions[(subscription.Stream, subscription.Id)] = stored;
            AddChangeLocked(subscription.Stream);
        }

        return stored;
    }

    public void Rewind(SubscriptionRecord subscription, long position)
    {
        lock (_lock)
        {
            var key = (subscription.Stream, subscription.Id);
            if (_subscriptions.TryGetValue(key, out var stored))
            {
                _subscriptions[key] = stored with { Position = position, Epoch = stored.Epoch + 1 };
            }
            else if (subscription.IsImplicit)
            {
                _subscriptions[key] = subscription with { Position = position, Epoch = 1 };
            }
            else
            {
                throw new InvalidOperationException($"Subscription {subscription.Id} of stream {subscription.Stream} does not exist.");
            }

            AddChangeLocked(subscription.Stream);
        }
    }

    public void Remove(StreamId stream, Guid subscriptionId)
    {
        lock (_lock)
        {
            if (_subscriptions.TryGetValue((stream, subscriptionId), out var stored) && !stored.IsImplicit)
            {
                _subscriptions.Remove((stream, subscriptionId));
                AddChangeLocked(stream);
            }
        }
    }

    public (IReadOnlyList<SubscriptionChange> Changes, long Version) ReadChanges(long afterVersion)
    {
        lock (_lock)
        {
            var result = new List<SubscriptionChange>();
            foreach (var change in _changes)
            {
                if (change.Version > afterVersion)
                {
                    result.Add(change);
                }
            }

            return (result, _version);
        }
    }

    public void AddDeadLetter(DeadLetter letter)
    {
        lock (_lock)
        {
            _deadLetters.Add(letter);
        }
    }

    public IReadOnlyList<DeadLetter> ReadDeadLetters(int maxCount)
    {
        lock (_lock)
        {
            return _deadLetters.GetRange(0, Math.Min(maxCount, _deadLetters.Count));
        }
    }

    private void AddChangeLocked(StreamId stream)
    {
        _changes.Add(new SubscriptionChange(++_version, stream));
        if (_changes.Count > RetainedChanges)
        {
            _changes.RemoveRange(0, _changes.Count - RetainedChanges);
        }
    }
}
