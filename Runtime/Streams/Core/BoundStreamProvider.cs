using OrleansBackend.Runtime.Activation;

namespace OrleansBackend.Runtime.Streams.Core;

/// <summary>A provider as one grain (or outside code, without an activation) sees it.</summary>
internal sealed class BoundStreamProvider : IStreamProvider
{
    private readonly StreamProviderRuntime _provider;
    private readonly ActivationData? _activation;

    public BoundStreamProvider(StreamProviderRuntime provider, ActivationData? activation)
    {
        _provider = provider;
        _activation = activation;
    }

    public string Name => _provider.Name;

    public bool IsRewindable => _provider.IsRewindable;

    public IAsyncStream<T> GetStream<T>(StreamId streamId)
    {
        if (streamId.Namespace is null)
        {
            throw new ArgumentException("Create stream ids with StreamId.Create.", nameof(streamId));
        }

        return new AsyncStream<T>(_provider, streamId, _activation);
    }
}
