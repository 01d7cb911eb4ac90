using OrleansBackend.Runtime.Grains;

namespace OrleansBackend.Runtime.Streams.Core;

/// <summary>
/// The per-activation object behind <see cref="IStreamConsumerExtension"/>: the handlers the grain attached, by
/// subscription, and the last sequence each one handled in this activation, so an event the provider delivers again
/// (after a retry or a partition move) is not handed to the grain twice while it stays active.
/// </summary>
internal sealed class StreamConsumerExtension : IStreamConsumerExtension
{
    private readonly Dictionary<(string Provider, Guid Subscription), Attached> _handlers = [];
    private readonly GrainId _grainId;

    public StreamConsumerExtension(GrainId grainId)
    {
        _grainId = grainId;
    }

    /// <summary>Attaches (or replaces) the handler of a subscription; a rewound subscription forgets what it handled.</summary>
    public void Attach(string provider, Guid subscriptionId, Func<StreamEventRecord, Task> handler, bool rewound)
    {
        lock (_handlers)
        {
            var key = (provider, subscriptionId);
            var last = !rewound && _handlers.TryGetValue(key, out var existing) ? existing.LastHandled : 0;
            _handlers[key] = new Attached(handler) { LastHandled = last };
        }
    }

    /// <summary>Removes a subscription's handler.</summary>
    public void Detach(string provider, Guid subscriptionId)
    {
        lock (_handlers)
        {
            _handlers.Remove((provider, subscriptionId));
        }
    }

    public async Task<StreamDeliveryResult> DeliverAsync(StreamDelivery delivery)
    {
        Attached? attached;
        lock (_handlers)
        {
            _handlers.TryGetValue((delivery.Provider, delivery.SubscriptionId), out attached);
        }

        if (attached is null)
        {
            return new StreamDeliveryResult(0, $"{nameof(InvalidOperationException)}: {_grainId} attached no handler for subscription {delivery.SubscriptionId} " +
                $"of stream {delivery.Namespace}/{delivery.Key} ({delivery.Provider}); subscribe or resume in OnActivateAsync.");
        }

        var events = delivery.Events;
        for (var i = 0; i < events.Count; i++)
        {
            var item = events[i];
            if (item.Sequence <= attached.LastHandled)
            {
                continue;
            }

            try
            {
                await attached.Handler(item);
            }
            catch (Exception exception)
            {
                return new StreamDeliveryResult(i, $"{exception.GetType().Name}: {exception.Message}");
            }

            attached.LastHandled = item.Sequence;
        }

        return new StreamDeliveryResult(events.Count, null);
    }

    private sealed class Attached
    {
        public Attached(Func<StreamEventRecord, Task> handler)
        {
            Handler = handler;
        }

        public Func<StreamEventRecord, Task> Handler { get; }

        public long LastHandled { get; set; }
    }
}
