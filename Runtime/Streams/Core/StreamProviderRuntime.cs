using Microsoft.Extensions.Logging;
using OrleansBackend.Runtime.Grains;
using OrleansBackend.Runtime.Persistence;
using OrleansBackend.Runtime.Streams.Gateway;
using OrleansBackend.Runtime.Streams.Storage;

namespace OrleansBackend.Runtime.Streams.Core;

/// <summary>
/// One named stream provider in one process: its settings, and its store on a silo. A cluster client has no store and
/// publishes and reads through <see cref="IStreamGatewayGrain"/> on the silos.
/// </summary>
internal sealed class StreamProviderRuntime
{
    private const int GatewaySlots = 16;

    public StreamProviderRuntime(
        string name,
        bool isRewindable,
        IStreamStore? store,
        StreamProviderOptions options,
        ImplicitSubscriptionTable? implicitSubscriptions,
        IGrainFactory grainFactory,
        StreamMetrics metrics,
        ILogger logger)
    {
        Name = name;
        IsRewindable = isRewindable;
        Store = store;
        Options = options;
        ImplicitSubscriptions = implicitSubscriptions;
        GrainFactory = grainFactory;
        Metrics = metrics;
        Logger = logger;
    }

    public string Name { get; }

    public bool IsRewindable { get; }

    /// <summary>The store; null in a cluster client.</summary>
    public IStreamStore? Store { get; }

    public StreamProviderOptions Options { get; }

    /// <summary>Which grains subscribe implicitly; null in a cluster client.</summary>
    public ImplicitSubscriptionTable? ImplicitSubscriptions { get; }

    public IGrainFactory GrainFactory { get; }

    public StreamMetrics Metrics { get; }

    public ILogger Logger { get; }

    /// <summary>The resource name partition ownership is computed for.</summary>
    public string OwnershipResource => "streams/" + Name;

    public IStreamStore RequireStore() =>
        Store ?? throw new InvalidOperationException($"Stream provider '{Name}' has no store in this process (a cluster client); this needs a silo.");

    /// <summary>Appends events of one stream: to the store on a silo, through a gateway grain from a client.</summary>
    public async Task PublishAsync(IReadOnlyList<OutboxEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
        {
            return;
        }

        if (Store is { } store)
        {
            await store.AppendAsync(events, cancellationToken);
        }
        else
        {
            var first = events[0];
            var types = new List<string>(events.Count);
            var payloads = new List<byte[]>(events.Count);
            for (var i = 0; i < events.Count; i++)
            {
                types.Add(events[i].EventType);
                payloads.Add(events[i].Payload);
            }

            await Gateway(StreamId.Create(first.StreamNamespace, first.StreamKey)).PublishAsync(first.StreamNamespace, first.StreamKey, types, payloads);
        }

        Metrics.OnPublished(Name, events.Count);
    }

    /// <summary>A gateway grain for a stream (spread over a few keys, so over the silos).</summary>
    public IStreamGatewayGrain Gateway(StreamId stream) =>
        GrainFactory.GetGrain<IStreamGatewayGrain>($"{Name}/{StreamPartitioner.GetPartition(stream.Namespace, stream.Key, GatewaySlots)}");
}
