using OrleansBackend.Runtime.Activation;
using OrleansBackend.Runtime.Persistence;

namespace OrleansBackend.Runtime.Streams.Core;

/// <summary>A stream as a grain (bound to its activation) or outside code (no activation) sees it.</summary>
internal sealed class AsyncStream<T> : IAsyncStream<T>
{
    private readonly StreamProviderRuntime _provider;
    private readonly ActivationData? _activation;

    public AsyncStream(StreamProviderRuntime provider, StreamId streamId, ActivationData? activation)
    {
        _provider = provider;
        _activation = activation;
        StreamId = streamId;
    }

    public StreamId StreamId { get; }

    public string ProviderName => _provider.Name;

    public Task OnNextAsync(T item, CancellationToken cancellationToken = default) =>
        _provider.PublishAsync([OutboxEvent.Create(StreamId.Namespace, StreamId.Key, item)], cancellationToken);

    public Task OnNextBatchAsync(IReadOnlyList<T> items, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        var events = new OutboxEvent[items.Count];
        for (var i = 0; i < events.Length; i++)
        {
            events[i] = OutboxEvent.Create(StreamId.Namespace, StreamId.Key, items[i]);
        }

        return _provider.PublishAsync(events, cancellationToken);
    }

    public async Task<StreamSubscriptionHandle<T>> SubscribeAsync(Func<T, StreamSequenceToken, Task> onNextAsync, StreamSequenceToken? token = null)
    {
        if (token is not null && !_provider.IsRewindable)
        {
            throw new NotSupportedException($"Stream provider '{_provider.Name}' keeps no events: it cannot start a subscription at an earlier one.");
        }

        return _activation is null
            ? await ClientSubscriptionHandle<T>.StartAsync(_provider, StreamId, onNextAsync, token)
            : await GrainStreamSubscriptions.SubscribeAsync(_provider, _activation, StreamId, onNextAsync, token);
    }

    public Task<IList<StreamSubscriptionHandle<T>>> GetAllSubscriptionHandles() =>
        _activation is null
            ? Task.FromResult<IList<StreamSubscriptionHandle<T>>>([])
            : GrainStreamSubscriptions.GetHandlesAsync<T>(_provider, _activation, StreamId);
}
