using Microsoft.Extensions.Logging;
using OrleansBackend.Runtime.Streams.Core;
using OrleansBackend.Runtime.Streams.Storage;

namespace OrleansBackend.Runtime.Streams.Agents;

/// <summary>
/// Pulls one partition of a provider's store while this silo owns it: reads events by id from the partition's
/// checkpoint, hands them to per-stream lanes (order per stream, streams in parallel), and records progress — the
/// partition checkpoint (every event up to it was handled) and each subscription's position — in one transaction.
/// It stops reading while too many events are unhandled (back-pressure). A new owner starts from the recorded
/// checkpoint, so an event is never lost; one delivered after the last record is delivered again (at least once).
/// </summary>
internal sealed class PartitionAgent
{
    private readonly object _lock = new();
    private readonly Dictionary<StreamId, StreamLane> _lanes = [];
    private readonly Queue<PendingEvent> _pending = new();
    private readonly HashSet<LaneSubscription> _dirty = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly SubscriptionChangeWatcher _watcher;
    private TaskCompletionSource _progress = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _unhandled;
    private long _checkpoint;
    private long _savedCheckpoint;
    private Task _run = Task.CompletedTask;

    public PartitionAgent(StreamProviderRuntime provider, int partition, SubscriptionChangeWatcher watcher, ILogger logger)
    {
        Provider = provider;
        Store = provider.RequireStore();
        Partition = partition;
        _watcher = watcher;
        Logger = logger;
    }

    public StreamProviderRuntime Provider { get; }

    public IStreamStore Store { get; }

    public int Partition { get; }

    public ILogger Logger { get; }

    public StreamProviderOptions Options => Provider.Options;

    public CancellationToken Stopping => _stopping.Token;

    public void Start()
    {
        using (ExecutionContext.SuppressFlow())
        {
            _run = Task.Run(RunAsync);
        }
    }

    /// <summary>Stops reading and delivering and records what was handled (unless the silo was killed).</summary>
    public async Task StopAsync(bool recordProgress)
    {
        await _stopping.CancelAsync();
        await _run.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (recordProgress)
        {
            try
            {
                await FlushAsync(CancellationToken.None);
            }
            catch (Exception exception)
            {
                Logger.LogWarning(exception, "Recording the progress of partition {Partition} of stream provider {Provider} failed", Partition, Provider.Name);
            }
        }
    }

    /// <summary>A subscription of a stream in this partition changed: its lane reloads and catches up.</summary>
    public void OnSubscriptionChanged(StreamId stream)
    {
        lock (_lock)
        {
            GetLaneLocked(stream).OnSubscriptionsChanged();
        }
    }

    /// <summary>Called by a lane when every subscription got these events.</summary>
    public void OnHandled(List<(StreamEventRecord Event, PendingEvent Pending)> batch)
    {
        TaskCompletionSource progress;
        lock (_lock)
        {
            foreach (var item in batch)
            {
                item.Pending.Done = true;
            }

            _unhandled -= batch.Count;
            progress = _progress;
            _progress = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        Provider.Metrics.OnPendingChanged(-batch.Count);
        progress.TrySetResult();
    }

    /// <summary>Called by a lane when a subscription moved to <paramref name="position"/>.</summary>
    public void Advance(LaneSubscription subscription, long position)
    {
        lock (_lock)
        {
            subscription.Position = position;

            // Only subscriptions the store has a row for record positions (explicit ones, and implicit ones after a
            // rewind); the others restart from the partition checkpoint, which costs no write per event.
            if (subscription.IsRecorded)
            {
                _dirty.Add(subscription);
            }
        }
    }

    private async Task RunAsync()
    {
        var token = _stopping.Token;
        long readPosition;
        try
        {
            _checkpoint = await RetryAsync(t => Store.ReadPartitionCheckpointAsync(Partition, t), token);
            _savedCheckpoint = _checkpoint;
            readPosition = _checkpoint;
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            return;
        }

        var lastFlush = DateTimeOffset.UtcNow;
        while (!token.IsCancellationRequested)
        {
            try
            {
                Task? wait = null;
                int room;
                lock (_lock)
                {
                    room = Options.MaxPendingEventsPerPartition - _unhandled;
                    if (room <= 0)
                    {
                        wait = _progress.Task;
                    }
                }

                if (wait is not null)
                {
                    // Back-pressure: consumers are behind; read more only once they handled some.
                    await Task.WhenAny(wait, Task.Delay(Options.CheckpointInterval, token));
                }
                else
                {
                    var requested = Math.Min(room, Options.ReadBatchSize);
                    var events = await RetryAsync(t => Store.ReadPartitionAsync(Partition, readPosition, requested, t), token);
                    if (events.Count > 0)
                    {
                        // Subscriptions made before these events were committed must be known before they are delivered.
                        await RetryAsync(
                            async t =>
                            {
                                await _watcher.EnsureFreshAsync(t);
                                return true;
                            },
                            token);
                        Dispatch(events);
                        readPosition = events[^1].Id;
                    }

                    if (events.Count < requested)
                    {
                        // Caught up: let events gather instead of asking the store for a handful at a time.
                        await Task.Delay(Options.PollInterval, token);
                    }
                }

                var now = DateTimeOffset.UtcNow;
                if (now - lastFlush >= Options.CheckpointInterval)
                {
                    lastFlush = now;
                    await FlushSafelyAsync(token);
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // Whatever went wrong, the partition must not stall: log it and carry on after a pause.
                Logger.LogError(exception, "The agent of partition {Partition} of stream provider {Provider} failed; it carries on", Partition, Provider.Name);
                await Task.Delay(Options.MaxRetryDelay, token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private void Dispatch(IReadOnlyList<StreamEventRecord> events)
    {
        lock (_lock)
        {
            _unhandled += events.Count;
            foreach (var record in events)
            {
                var pending = new PendingEvent(record.Id);
                _pending.Enqueue(pending);
                GetLaneLocked(StreamId.FromStore(record.Namespace, record.Key)).Enqueue(record, pending);
            }
        }

        Provider.Metrics.OnPendingChanged(events.Count);
    }

    private StreamLane GetLaneLocked(StreamId stream)
    {
        if (!_lanes.TryGetValue(stream, out var lane))
        {
            if (_lanes.Count >= Options.MaxCachedStreamsPerPartition)
            {
                DropIdleLanesLocked();
            }

            _lanes[stream] = lane = new StreamLane(this, stream);
        }

        return lane;
    }

    private void DropIdleLanesLocked()
    {
        var idle = new List<StreamId>();
        foreach (var (stream, lane) in _lanes)
        {
            if (lane.IsIdle)
            {
                idle.Add(stream);
            }
        }

        foreach (var stream in idle)
        {
            _lanes.Remove(stream);
        }
    }

    private async Task FlushSafelyAsync(CancellationToken token)
    {
        try
        {
            await FlushAsync(token);
        }
        catch (Exception exception) when (!token.IsCancellationRequested)
        {
            Logger.LogWarning(exception, "Recording the progress of partition {Partition} of stream provider {Provider} failed; trying again later", Partition, Provider.Name);
        }
    }

    private async Task FlushAsync(CancellationToken token)
    {
        List<SubscriptionRecord> positions;
        List<LaneSubscription> flushed;
        long checkpoint;
        lock (_lock)
        {
            while (_pending.TryPeek(out var head) && head.Done)
            {
                _checkpoint = _pending.Dequeue().Id;
            }

            checkpoint = _checkpoint;
            if (checkpoint == _savedCheckpoint && _dirty.Count == 0)
            {
                return;
            }

            flushed = [.. _dirty];
            _dirty.Clear();
            positions = new List<SubscriptionRecord>(flushed.Count);
            foreach (var subscription in flushed)
            {
                positions.Add(subscription.ToRecord());
            }
        }

        try
        {
            await Store.SaveProgressAsync(Partition, checkpoint, positions, token);
            _savedCheckpoint = checkpoint;
        }
        catch
        {
            lock (_lock)
            {
                _dirty.UnionWith(flushed);
            }

            throw;
        }
    }

    private async Task<T> RetryAsync<T>(Func<CancellationToken, Task<T>> operation, CancellationToken token)
    {
        var delay = Options.RetryDelay;
        while (true)
        {
            try
            {
                return await operation(token);
            }
            catch (Exception exception) when (!token.IsCancellationRequested)
            {
                Logger.LogWarning(exception, "Partition {Partition} of stream provider {Provider}: the store failed; retrying in {Delay}", Partition, Provider.Name, delay);
                await Task.Delay(delay, token);
                delay = delay * 2 > Options.MaxRetryDelay ? Options.MaxRetryDelay : delay * 2;
            }
        }
    }
}
