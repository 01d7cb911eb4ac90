using Microsoft.Extensions.Logging;
using OrleansBackend.Runtime.Persistence;
using OrleansBackend.Runtime.Streams.Storage;

namespace OrleansBackend.Runtime.Streams.Agents;

/// <summary>
/// Follows one provider's subscription changes (added, removed, rewound) and tells the agent that owns the stream's
/// partition. Agents call <see cref="EnsureFreshAsync"/> after reading events: it returns once changes committed
/// before that call are known, so a subscription made before an event was published always gets the event.
/// Concurrent callers share one read.
/// </summary>
internal sealed class SubscriptionChangeWatcher
{
    private readonly IStreamStore _store;
    private readonly Func<int, PartitionAgent?> _agentOf;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private long _requested;
    private long _served;
    private long _version = -1;

    public SubscriptionChangeWatcher(IStreamStore store, Func<int, PartitionAgent?> agentOf, ILogger logger)
    {
        _store = store;
        _agentOf = agentOf;
        _logger = logger;
    }

    /// <summary>Reads the changes committed so far (once; later changes are found by the next call).</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var (_, version) = await _store.ReadSubscriptionChangesAsync(long.MaxValue, cancellationToken);
        _version = version;
    }

    public async Task EnsureFreshAsync(CancellationToken cancellationToken)
    {
        var ticket = Interlocked.Increment(ref _requested);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (Volatile.Read(ref _served) >= ticket)
            {
                return;
            }

            // Every request up to here was made before this read starts, so this read serves them all.
            var upTo = Volatile.Read(ref _requested);
            await ReadChangesAsync(cancellationToken);
            Volatile.Write(ref _served, upTo);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Picks up changes on quiet streams too (a rewind with no new event); run periodically.</summary>
    public async Task PollAsync(CancellationToken cancellationToken)
    {
        try
        {
            await EnsureFreshAsync(cancellationToken);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            _logger.LogWarning(exception, "Reading stream subscription changes failed; trying again later");
        }
    }

    private async Task ReadChangesAsync(CancellationToken cancellationToken)
    {
        var (changes, version) = await _store.ReadSubscriptionChangesAsync(_version, cancellationToken);
        foreach (var change in changes)
        {
            var partition = StreamPartitioner.GetPartition(change.Stream.Namespace, change.Stream.Key, _store.PartitionCount);
            _agentOf(partition)?.OnSubscriptionChanged(change.Stream);
        }

        _version = Math.Max(_version, version);
    }
}
