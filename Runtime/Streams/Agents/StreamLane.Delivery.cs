using Microsoft.Extensions.Logging;
using OrleansBackend.Runtime.Messaging;
using OrleansBackend.Runtime.Persistence;
using OrleansBackend.Runtime.Streams.Storage;

namespace OrleansBackend.Runtime.Streams.Agents;

/// <summary>Delivery to one subscription: catching up from the store, retries with back-off, dead letters.</summary>
internal sealed partial class StreamLane
{
    /// <summary>Delivers the events the subscription has not had yet, first catching it up when it is behind them.</summary>
    private async Task DeliverAsync(LaneSubscription subscription, List<StreamEventRecord> events, CancellationToken token)
    {
        var first = 0;
        while (first < events.Count && events[first].Sequence <= subscription.Position)
        {
            first++;
        }

        if (first == events.Count)
        {
            return;
        }

        var firstSequence = events[first].Sequence;
        if (subscription.Position == LaneSubscription.UnknownPosition)
        {
            subscription.Position = firstSequence - 1;
        }
        else if (subscription.Position < firstSequence - 1)
        {
            await CatchUpAsync(subscription, firstSequence - 1, token);
        }

        await DeliverRangeAsync(subscription, first == 0 ? events : events.GetRange(first, events.Count - first), token);
    }

    /// <summary>Reads the events between the subscription's position and <paramref name="upTo"/> from the store and delivers them.</summary>
    private async Task CatchUpAsync(LaneSubscription subscription, long upTo, CancellationToken token)
    {
        if (subscription.Position == LaneSubscription.UnknownPosition)
        {
            return;
        }

        var maxBatch = _agent.Options.MaxDeliveryBatch;
        while (subscription.Position < upTo && !token.IsCancellationRequested)
        {
            var after = subscription.Position;
            var count = (int)Math.Min(maxBatch, upTo - after);
            var read = await RetryAsync(t => _agent.Store.ReadStreamAsync(Stream, after, count, t), token);
            if (read.Count == 0)
            {
                return;
            }

            var range = new List<StreamEventRecord>(read.Count);
            foreach (var record in read)
            {
                if (record.Sequence <= upTo)
                {
                    range.Add(record);
                }
            }

            if (range.Count == 0)
            {
                return;
            }

            await DeliverRangeAsync(subscription, range, token);
        }
    }

    private async Task DeliverRangeAsync(LaneSubscription subscription, List<StreamEventRecord> events, CancellationToken token)
    {
        var options = _agent.Options;
        var offset = 0;
        var attempts = 0;
        var delay = options.RetryDelay;
        var delivery = new StreamDelivery
        {
            Provider = _agent.Provider.Name,
            Namespace = Stream.Namespace,
            Key = Stream.Key,
            SubscriptionId = subscription.Id,
        };
        while (offset < events.Count)
        {
            token.ThrowIfCancellationRequested();
            delivery.Events = offset == 0 ? events : events.GetRange(offset, events.Count - offset);
            string? error;
            var transient = false;
            try
            {
                var result = await subscription.Target.DeliverAsync(delivery);
                if (result.Handled > 0)
                {
                    var handled = Math.Min(result.Handled, delivery.Events.Count);
                    var last = delivery.Events[handled - 1];
                    _agent.Provider.Metrics.OnDelivered(_agent.Provider.Name, handled, delivery.Events[0].CreatedAt, DateTimeOffset.UtcNow);
                    _agent.Advance(subscription, last.Sequence);
                    offset += handled;
                    attempts = 0;
                    delay = options.RetryDelay;
                }

                error = result.Error;
                if (error is null)
                {
                    continue;
                }
            }
            catch (Exception exception) when (!token.IsCancellationRequested)
            {
                transient = exception is SiloUnavailableException or TimeoutException or OperationCanceledException or StorageException;
                error = $"{exception.GetType().Name}: {exception.Message}";
            }

            if (offset >= events.Count)
            {
                break;
            }

            if (!subscription.IsImplicit && !await StillSubscribedAsync(subscription, token))
            {
                // Unsubscribed while these events were on their way: nobody is waiting for them any more.
                lock (_queue)
                {
                    _stale = true;
                }

                return;
            }

            if (!transient && ++attempts >= options.MaxDeliveryAttempts)
            {
                await ParkAsync(subscription, events[offset], error!, attempts, token);
                offset++;
                attempts = 0;
                delay = options.RetryDelay;
                continue;
            }

            _agent.Provider.Metrics.OnRedelivery(_agent.Provider.Name, events.Count - offset);
            _agent.Logger.LogDebug("Delivery of {Stream} #{Sequence} to {Consumer} failed ({Error}); retrying in {Delay}", Stream, events[offset].Sequence, subscription.Consumer, error, delay);
            await Task.Delay(delay, token);
            delay = delay * 2 > options.MaxRetryDelay ? options.MaxRetryDelay : delay * 2;
        }
    }

    private async Task<bool> StillSubscribedAsync(LaneSubscription subscription, CancellationToken token)
    {
        var records = await RetryAsync(t => _agent.Store.ReadSubscriptionsAsync(Stream, t), token);
        return Find(records, subscription.Id) is not null;
    }

    private async Task ParkAsync(LaneSubscription subscription, StreamEventRecord record, string error, int attempts, CancellationToken token)
    {
        _agent.Logger.LogWarning(
            "Event {Sequence} of stream {Stream} failed {Attempts} times for {Consumer} and is parked as a dead letter: {Error}",
            record.Sequence,
            Stream,
            attempts,
            subscription.Consumer,
            error);
        var letter = new DeadLetter(record, subscription.Id, subscription.Consumer, error, attempts, DateTimeOffset.UtcNow);
        await RetryAsync(
            async t =>
            {
                await _agent.Store.AddDeadLetterAsync(letter, t);
                return true;
            },
            token);
        _agent.Provider.Metrics.OnDeadLetter(_agent.Provider.Name);
        _agent.Advance(subscription, record.Sequence);
    }
}
