using Microsoft.Extensions.Logging;
using OrleansBackend.Runtime.Grains;
using OrleansBackend.Runtime.Streams.Core;
using OrleansBackend.Runtime.Streams.Storage;

namespace OrleansBackend.Runtime.Streams.Agents;

/// <summary>
/// The events of one stream inside a partition's agent, delivered in sequence order: one delivery at a time per
/// stream, each subscription from its own position (catching up from the store when it is behind, for example after
/// a rewind). A failing handler is retried with back-off and finally parked as a dead letter; a consumer that cannot
/// be reached is retried until it can.
/// </summary>
internal sealed partial class StreamLane
{
    private readonly PartitionAgent _agent;
    private readonly Queue<(StreamEventRecord Event, PendingEvent Pending)> _queue = new();
    private List<LaneSubscription> _subscriptions = [];
    private bool _running;
    private bool _stale = true;
    private bool _kicked;

    public StreamLane(PartitionAgent agent, StreamId stream)
    {
        _agent = agent;
        Stream = stream;
    }

    public StreamId Stream { get; }

    /// <summary>True while the lane has nothing to do (it may be dropped from the cache).</summary>
    public bool IsIdle
    {
        get
        {
            lock (_queue)
            {
                return !_running && _queue.Count == 0;
            }
        }
    }

    public void Enqueue(StreamEventRecord record, PendingEvent pending)
    {
        lock (_queue)
        {
            _queue.Enqueue((record, pending));
            StartLocked();
        }
    }

    /// <summary>The stream's subscriptions changed: reload them and bring every subscription up to the stream's head.</summary>
    public void OnSubscriptionsChanged()
    {
        lock (_queue)
        {
            _stale = true;
            _kicked = true;
            StartLocked();
        }
    }

    private void StartLocked()
    {
        if (!_running)
        {
            _running = true;
            _ = Task.Run(RunAsync);
        }
    }

    private async Task RunAsync()
    {
        var token = _agent.Stopping;
        var batch = new List<(StreamEventRecord Event, PendingEvent Pending)>();
        var events = new List<StreamEventRecord>();
        try
        {
            while (true)
            {
                token.ThrowIfCancellationRequested();
                bool kicked;
                bool stale;
                batch.Clear();
                lock (_queue)
                {
                    while (batch.Count < _agent.Options.MaxDeliveryBatch && _queue.TryDequeue(out var item))
                    {
                        batch.Add(item);
                    }

                    kicked = _kicked;
                    stale = _stale;
                    _kicked = false;
                    _stale = false;
                    if (batch.Count == 0 && !kicked)
                    {
                        _running = false;
                        return;
                    }
                }

                if (stale)
                {
                    await ReloadSubscriptionsAsync(token);
                }

                events.Clear();
                foreach (var item in batch)
                {
                    events.Add(item.Event);
                }

                foreach (var subscription in _subscriptions)
                {
                    if (events.Count > 0)
                    {
                        await DeliverAsync(subscription, events, token);
                    }

                    if (kicked)
                    {
                        await CatchUpAsync(subscription, long.MaxValue, token);
                    }
                }

                token.ThrowIfCancellationRequested();
                _agent.OnHandled(batch);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // The agent is stopping: what was not handled is read again by the partition's next owner.
            Stop();
        }
        catch (Exception exception)
        {
            _agent.Logger.LogError(exception, "Stream lane {Stream} of provider {Provider} failed; it starts again with its next event", Stream, _agent.Provider.Name);
            lock (_queue)
            {
                _stale = true;
            }

            Stop();
        }
    }

    private void Stop()
    {
        lock (_queue)
        {
            _running = false;
        }
    }

    private async Task ReloadSubscriptionsAsync(CancellationToken token)
    {
        var records = await RetryAsync(t => _agent.Store.ReadSubscriptionsAsync(Stream, t), token);
        var previous = _subscriptions;
        var next = new List<LaneSubscription>(records.Count + 1);
        foreach (var grainType in _agent.Provider.ImplicitSubscriptions!.GetGrainTypes(Stream.Namespace))
        {
            var id = ImplicitSubscriptionTable.SubscriptionId(grainType, Stream.Namespace);
            next.Add(Merge(id, new GrainId(grainType, Stream.Key), true, Find(records, id), previous));
        }

        foreach (var record in records)
        {
            if (!record.IsImplicit)
            {
                next.Add(Merge(record.Id, record.Consumer, false, record, previous));
            }
        }

        _subscriptions = next;
    }

    private LaneSubscription Merge(Guid id, GrainId consumer, bool isImplicit, SubscriptionRecord? stored, List<LaneSubscription> previous)
    {
        LaneSubscription? existing = null;
        foreach (var candidate in previous)
        {
            if (candidate.Id == id)
            {
                existing = candidate;
                break;
            }
        }

        if (existing is not null && (stored is null || stored.Epoch <= existing.Epoch))
        {
            // What this lane delivered may be ahead of what was recorded.
            if (stored is not null && stored.Epoch == existing.Epoch && stored.Position > existing.Position)
            {
                existing.Position = stored.Position;
            }

            return existing;
        }

        var target = existing?.Target ?? _agent.Provider.GrainFactory.GetGrain<IStreamConsumerExtension>(consumer);
        return stored is null
            ? new LaneSubscription(id, Stream, consumer, isImplicit, LaneSubscription.UnknownPosition, 0, target, isRecorded: false)
            : new LaneSubscription(id, Stream, consumer, isImplicit, stored.Position, stored.Epoch, target, isRecorded: true);
    }

    private static SubscriptionRecord? Find(IReadOnlyList<SubscriptionRecord> records, Guid id)
    {
        foreach (var record in records)
        {
            if (record.Id == id)
            {
                return record;
            }
        }

        return null;
    }

    /// <summary>Store operations are retried until they work or the agent stops: the lane cannot move on without them.</summary>
    private async Task<T> RetryAsync<T>(Func<CancellationToken, Task<T>> operation, CancellationToken token)
    {
        var delay = _agent.Options.RetryDelay;
        while (true)
        {
            try
            {
                return await operation(token);
            }
            catch (Exception exception) when (!token.IsCancellationRequested)
            {
                _agent.Logger.LogWarning(exception, "Stream {Stream} of provider {Provider}: the store failed; retrying in {Delay}", Stream, _agent.Provider.Name, delay);
                await Task.Delay(delay, token);
                delay = delay * 2 > _agent.Options.MaxRetryDelay ? _agent.Options.MaxRetryDelay : delay * 2;
            }
        }
    }
}
