namespace OrleansBackend.Runtime.Persistence.Memory;

/// <summary>
/// The outbox of <see cref="MemoryGrainStorage"/>: events with global ids and gapless per-stream sequences, in
/// process memory. Appends happen under <see cref="Sync"/> together with the state change they belong to.
/// </summary>
internal sealed class MemoryEventLog
{
    private readonly List<StoredEvent> _events = [];
    private readonly Dictionary<(string Namespace, string Key), long> _heads = [];
    private readonly int _partitionCount;
    private readonly TimeProvider _timeProvider;

    public MemoryEventLog(int partitionCount, TimeProvider timeProvider)
    {
        _partitionCount = partitionCount;
        _timeProvider = timeProvider;
    }

    /// <summary>Held while a state change and its events are applied, and while events are read.</summary>
    public object Sync { get; } = new();

    public int Count
    {
        get
        {
            lock (Sync)
            {
                return _events.Count;
            }
        }
    }

    /// <summary>Appends events; the caller holds <see cref="Sync"/>.</summary>
    public void AppendLocked(IReadOnlyList<OutboxEvent> events)
    {
        var now = _timeProvider.GetUtcNow();
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            var stream = (e.StreamNamespace, e.StreamKey);
            _heads.TryGetValue(stream, out var last);
            _heads[stream] = last + 1;
            _events.Add(new StoredEvent(
                _events.Count + 1,
                e.StreamNamespace,
                e.StreamKey,
                last + 1,
                StreamPartitioner.GetPartition(e.StreamNamespace, e.StreamKey, _partitionCount),
                e.EventType,
                e.Payload,
                now));
        }
    }

    /// <summary>The last sequence number of a stream (0 when it has none).</summary>
    public long GetHead(string streamNamespace, string streamKey)
    {
        lock (Sync)
        {
            return _heads.TryGetValue((streamNamespace, streamKey), out var last) ? last : 0;
        }
    }

    public IReadOnlyList<StoredEvent> ReadPartition(int partition, long afterId, int maxCount)
    {
        var result = new List<StoredEvent>();
        lock (Sync)
        {
            // Ids are list positions + 1, so the scan starts right after afterId.
            for (var i = (int)Math.Clamp(afterId, 0, _events.Count); i < _events.Count && result.Count < maxCount; i++)
            {
                if (_events[i].Partition == partition)
                {
                    result.Add(_events[i]);
                }
            }
        }

        return result;
    }

    public IReadOnlyList<StoredEvent> ReadStream(string streamNamespace, string streamKey, long afterSequence, int maxCount)
    {
        var result = new List<StoredEvent>();
        lock (Sync)
        {
            foreach (var e in _events)
            {
                if (result.Count >= maxCount)
                {
                    break;
                }

                if (e.Sequence > afterSequence
                    && string.Equals(e.StreamKey, streamKey, StringComparison.Ordinal)
                    && string.Equals(e.StreamNamespace, streamNamespace, StringComparison.Ordinal))
                {
                    result.Add(e);
                }
            }
        }

        return result;
    }
}
