using OrleansBackend.Runtime.Activation;
using OrleansBackend.Runtime.Streams.Storage;

namespace OrleansBackend.Runtime.Streams.Core;

/// <summary>A grain's subscription: it lives in the store (explicit) or follows from the grain class (implicit).</summary>
internal sealed class GrainSubscriptionHandle<T> : StreamSubscriptionHandle<T>
{
    private readonly StreamProviderRuntime _provider;
    private readonly ActivationData _activation;

    public GrainSubscriptionHandle(StreamProviderRuntime provider, ActivationData activation, StreamId streamId, Guid handleId, bool isImplicit)
    {
        _provider = provider;
        _activation = activation;
        StreamId = streamId;
        HandleId = handleId;
        IsImplicit = isImplicit;
    }

    public override Guid HandleId { get; }

    public override StreamId StreamId { get; }

    public override string ProviderName => _provider.Name;

    public override bool IsImplicit { get; }

    public override async Task<StreamSubscriptionHandle<T>> ResumeAsync(Func<T, StreamSequenceToken, Task> onNextAsync, StreamSequenceToken? token = null)
    {
        ArgumentNullException.ThrowIfNull(onNextAsync);
        GrainStreamSubscriptions.Extension(_activation).Attach(_provider.Name, HandleId, PayloadHandler.Adapt(onNextAsync), rewound: token is not null);
        if (token is not null)
        {
            var record = new SubscriptionRecord(HandleId, StreamId, _activation.GrainId, IsImplicit, 0, 0);
            await _provider.RequireStore().RewindSubscriptionAsync(record, token.SequenceNumber - 1, CancellationToken.None);
        }

        return this;
    }

    public override async Task UnsubscribeAsync()
    {
        if (IsImplicit)
        {
            throw new InvalidOperationException($"The implicit subscription of {_activation.GrainId} to {StreamId} follows from its grain class and cannot be ended.");
        }

        await _provider.RequireStore().RemoveSubscriptionAsync(StreamId, HandleId, CancellationToken.None);
        GrainStreamSubscriptions.Extension(_activation).Detach(_provider.Name, HandleId);
    }
}
