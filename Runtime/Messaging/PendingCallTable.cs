using System.Diagnostics.CodeAnalysis;

namespace OrleansBackend.Runtime.Messaging;

/// <summary>
/// Calls waiting for a response, by call id, so that responses find their caller and overdue calls fail with a
/// <see cref="TimeoutException"/>. Sharded so that concurrent callers rarely meet on one lock.
/// </summary>
internal sealed class PendingCallTable
{
    private const int ShardCount = 32;
    private readonly Dictionary<long, Message>[] _shards;

    public PendingCallTable()
    {
        _shards = new Dictionary<long, Message>[ShardCount];
        for (var i = 0; i < ShardCount; i++)
        {
            _shards[i] = [];
        }
    }

    public int Count
    {
        get
        {
            var total = 0;
            foreach (var shard in _shards)
            {
                lock (shard)
                {
                    total += shard.Count;
                }
            }

            return total;
        }
    }

    public void Add(Message message)
    {
        var shard = _shards[message.Id & (ShardCount - 1)];
        lock (shard)
        {
            shard.Add(message.Id, message);
        }
    }

    public bool Contains(long id)
    {
        var shard = _shards[id & (ShardCount - 1)];
        lock (shard)
        {
            return shard.ContainsKey(id);
        }
    }

    public bool TryRemove(long id, [NotNullWhen(true)] out Message? message)
    {
        var shard = _shards[id & (ShardCount - 1)];
        lock (shard)
        {
            return shard.Remove(id, out message);
        }
    }

    /// <summary>Removes and returns every call that matches <paramref name="predicate"/>.</summary>
    public List<Message> RemoveWhere<TState>(Func<Message, TState, bool> predicate, TState state)
    {
        var removed = new List<Message>();
        foreach (var shard in _shards)
        {
            lock (shard)
            {
                foreach (var (id, message) in shard)
                {
                    if (predicate(message, state))
                    {
                        removed.Add(message);
                        shard.Remove(id);
                    }
                }
            }
        }

        return removed;
    }
}
