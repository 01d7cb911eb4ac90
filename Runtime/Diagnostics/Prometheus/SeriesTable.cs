namespace OrleansBackend.Runtime.Diagnostics.Prometheus;

/// <summary>
/// Finds the series of a measurement's tags without allocating once the tag set has been seen: a hash table of
/// tag sequences (as the caller passed them) that readers walk without locks. A new sequence takes the lock once,
/// is canonicalized (sorted labels) and points at the shared series, so tags passed in another order still
/// aggregate into one series.
/// </summary>
internal sealed class SeriesTable
{
    private const int MaxSeries = 2000;

    private readonly object _lock = new();
    private readonly int _bucketCount;
    private readonly Dictionary<string, MetricSeries> _byLabels = new(StringComparer.Ordinal);
    private Node?[] _nodes = new Node?[16];
    private int _nodeCount;
    private MetricSeries? _untagged;

    public SeriesTable(int bucketCount)
    {
        _bucketCount = bucketCount;
    }

    /// <summary>Every series (a copy, for the scraper).</summary>
    public MetricSeries[] Snapshot()
    {
        lock (_lock)
        {
            return [.. _byLabels.Values];
        }
    }

    public MetricSeries Get(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.Length == 0)
        {
            return _untagged ?? AddSlow(tags, 0);
        }

        var hash = Hash(tags);
        var nodes = Volatile.Read(ref _nodes);
        for (var node = Volatile.Read(ref nodes[hash & (nodes.Length - 1)]); node is not null; node = node.Next)
        {
            if (node.Hash == hash && Matches(node.Tags, tags))
            {
                return node.Series;
            }
        }

        return AddSlow(tags, hash);
    }

    private MetricSeries AddSlow(ReadOnlySpan<KeyValuePair<string, object?>> tags, int hash)
    {
        lock (_lock)
        {
            if (tags.Length == 0)
            {
                return _untagged ??= Canonical(LabelSet.Empty);
            }

            var nodes = _nodes;
            for (var node = nodes[hash & (nodes.Length - 1)]; node is not null; node = node.Next)
            {
                if (node.Hash == hash && Matches(node.Tags, tags))
                {
                    return node.Series;
                }
            }

            var series = _byLabels.Count >= MaxSeries ? Canonical(LabelSet.Overflow) : Canonical(LabelSet.From(tags));
            if (_nodeCount >= MaxSeries * 4)
            {
                // Tag sequences that are all new (values that never repeat) must not grow the table without end.
                return series;
            }

            if (_nodeCount >= nodes.Length)
            {
                nodes = Grow(nodes);
            }

            var index = hash & (nodes.Length - 1);
            Volatile.Write(ref nodes[index], new Node(hash, tags.ToArray(), series, nodes[index]));
            _nodeCount++;
            return series;
        }
    }

    private MetricSeries Canonical(LabelSet labels)
    {
        if (!_byLabels.TryGetValue(labels.Rendered, out var series))
        {
            series = new MetricSeries(labels, _bucketCount);
            _byLabels.Add(labels.Rendered, series);
        }

        return series;
    }

    private Node?[] Grow(Node?[] nodes)
    {
        var grown = new Node?[nodes.Length * 2];
        foreach (var head in nodes)
        {
            for (var node = head; node is not null; node = node.Next)
            {
                var index = node.Hash & (grown.Length - 1);
                grown[index] = new Node(node.Hash, node.Tags, node.Series, grown[index]);
            }
        }

        // Readers still walking the old table see its unchanged chains; a miss there falls through to the lock.
        Volatile.Write(ref _nodes, grown);
        return grown;
    }

    private static int Hash(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var hash = new HashCode();
        foreach (var (key, value) in tags)
        {
            hash.Add(key);
            hash.Add(value);
        }

        return hash.ToHashCode();
    }

    private static bool Matches(KeyValuePair<string, object?>[] known, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (known.Length != tags.Length)
        {
            return false;
        }

        for (var i = 0; i < known.Length; i++)
        {
            if (!string.Equals(known[i].Key, tags[i].Key, StringComparison.Ordinal) || !Equals(known[i].Value, tags[i].Value))
            {
                return false;
            }
        }

        return true;
    }

    private sealed class Node(int hash, KeyValuePair<string, object?>[] tags, MetricSeries series, Node? next)
    {
        public int Hash { get; } = hash;

        public KeyValuePair<string, object?>[] Tags { get; } = tags;

        public MetricSeries Series { get; } = series;

        public Node? Next { get; } = next;
    }
}
