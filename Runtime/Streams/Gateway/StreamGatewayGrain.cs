using Microsoft.Extensions.DependencyInjection;
using OrleansBackend.Runtime.Grains;
using OrleansBackend.Runtime.Persistence;
using OrleansBackend.Runtime.Streams.Core;

namespace OrleansBackend.Runtime.Streams.Gateway;

/// <summary>Serves <see cref="IStreamGatewayGrain"/> from the silo's provider of the name in its key; holds no state.</summary>
[Reentrant]
[GrainType("streams.gateway")]
internal sealed class StreamGatewayGrain : Grain, IStreamGatewayGrain
{
    private StreamProviderRuntime? _provider;

    private StreamProviderRuntime Provider => _provider ??= ResolveProvider();

    public async Task PublishAsync(string streamNamespace, string streamKey, List<string> eventTypes, List<byte[]> payloads)
    {
        if (eventTypes.Count != payloads.Count)
        {
            throw new ArgumentException("Every event needs a type and a payload.", nameof(payloads));
        }

        var events = new OutboxEvent[payloads.Count];
        for (var i = 0; i < events.Length; i++)
        {
            events[i] = new OutboxEvent(streamNamespace, streamKey, eventTypes[i], payloads[i]);
        }

        await Provider.PublishAsync(events, CancellationToken.None);
    }

    public async Task<List<StreamEventRecord>> ReadAsync(string streamNamespace, string streamKey, long afterSequence, int maxCount) =>
        [.. await Provider.RequireStore().ReadStreamAsync(StreamId.Create(streamNamespace, streamKey), afterSequence, Math.Clamp(maxCount, 1, 1000), CancellationToken.None)];

    public Task<long> ReadHeadAsync(string streamNamespace, string streamKey) =>
        Provider.RequireStore().ReadStreamHeadAsync(StreamId.Create(streamNamespace, streamKey), CancellationToken.None);

    private StreamProviderRuntime ResolveProvider()
    {
        var key = this.GetPrimaryKeyString();
        var slash = key.LastIndexOf('/');
        var name = slash > 0 ? key[..slash] : key;
        return ServiceProvider.GetKeyedService<StreamProviderRuntime>(name)
            ?? throw new InvalidOperationException($"No stream provider named '{name}' is registered on this silo.");
    }
}
