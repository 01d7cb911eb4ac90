namespace OrleansBackend.Runtime.Streams.Storage;

/// <summary>
/// One partition of the memory provider: events by id, per-stream sequence numbers, and a bound on events not yet
/// handled (publishers wait for room). Handled events are dropped except for a short tail kept for readers that
/// follow streams by sequence (client subscriptions).
/// </summary>
internal sealed class MemoryPartitionQueue
{
    private readonly object _lock = new();
    private readonly List<StreamEventRecord> _events = [];
    private readonly Dictionary<StreamId, long> _heads = [];
    private readonly int _capacity;
    private readonly int _retainedTail;
    private long _checkpoint;
    private TaskCompletionSource _room = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public MemoryPartitionQueue(int capacity, int retainedTail)
    {
        _capacity = capacity;
        _retainedTail = retainedTail;
    }

    /// <summary>Appends one stream's events once there is room; <paramref name="nextId"/> hands out global ids.</summary>
    public async Task AppendAsync(StreamId stream, IReadOnlyList<(string Type, byte[] Payload)> events, Func<long> nextId, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task room;
            lock (_lock)
            {
                if (UnhandledLocked() < _capacity)
                {
                    _heads.TryGetValue(stream, out var head);
                    var now = DateTimeOffset.UtcNow;
                    foreach (var (type, payload) in events)
                    {
                        _events.Add(new StreamEventRecord(nextId(), stream.Namespace, stream.Key, ++head, type, payload, now));
                    }

                    _heads[stream] = head;
                    return;
                }

                room = _room.Task;
            }

            // Back-pressure: consumers are this far behind; wait until the agent records progress.
            await room.WaitAsync(cancellationToken);
        }
    }

    public IReadOnlyList<StreamEventRecord> ReadAfter(long afterId, int maxCount)
    {
        lock (_lock)
        {
            var start = IndexAfterLocked(afterId);
            var count = Math.Min(maxCount, _events.Count - start);
            return count <= 0 ? [] : _events.GetRange(start, count);
        }
    }

    public IReadOnlyList<StreamEventRecord> ReadStream(StreamId stream, long afterSequence, int maxCount)
    {
        var result = new List<StreamEventRecord>();
        lock (_lock)
        {
            foreach (var record in _events)
            {
                if (record.Sequence > afterSequence && string.Equals(record.Key, stream.Key, StringComparison.Ordinal)
                    && string.Equals(record.Namespace, stream.Namespace, StringComparison.Ordinal))
                {
                    result.Add(record);
                    if (result.Count >= maxCount)
                    {
                        break;
                    }
                }
            }
        }

        return result;
    }

    public long Head(StreamId stream)
    {
        lock (_lock)
        {
            return _heads.TryGetValue(stream, out var head) ? head : 0;
        }
    }

    /// <summary>Everything up to <paramref name="checkpoint"/> was handled: drop it (keeping the tail) and wake publishers.</summary>
    public void OnCheckpoint(long checkpoint)
    {
        TaskCompletionSource room;
        lock (_lock)
        {
            if (checkpoint <= _checkpoint)
            {
                return;
            }

            _checkpoint = checkpoint;
            var handled = IndexAfterLocked(checkpoint);
            var drop = handled - _retainedTail;
            if (drop > 0)
            {
                _events.RemoveRange(0, drop);
            }

            room = _room;
            _room = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        room.TrySetResult();
    }

    private int UnhandledLocked() => _events.Count - IndexAfterLocked(_checkpoint);

    /// <summary>The index of the first event with an id above <paramref name="id"/> (ids only grow).</summary>
    private int IndexAfterLocked(long id)
    {
        int low = 0, high = _events.Count;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (_events[middle].Id <= id)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }
}
