using OrleansBackend.Runtime.Activation;
using OrleansBackend.Runtime.Streams.Storage;

namespace OrleansBackend.Runtime.Streams.Core;

/// <summary>Subscriptions made by grains: handlers live in the activation's consumer extension, subscriptions in the store.</summary>
internal static class GrainStreamSubscriptions
{
    public static StreamConsumerExtension Extension(ActivationData activation) =>
        (StreamConsumerExtension)activation.GetOrCreateExtension(typeof(IStreamConsumerExtension));

    public static async Task<StreamSubscriptionHandle<T>> SubscribeAsync<T>(
        StreamProviderRuntime provider,
        ActivationData activation,
        StreamId stream,
        Func<T, StreamSequenceToken, Task> onNextAsync,
        StreamSequenceToken? token)
    {
        ArgumentNullException.ThrowIfNull(onNextAsync);
        var store = provider.RequireStore();
        var extension = Extension(activation);
        var grainId = activation.GrainId;
        if (provider.ImplicitSubscriptions!.IsImplicitSubscriber(grainId, stream))
        {
            var implicitId = ImplicitSubscriptionTable.SubscriptionId(grainId.Type, stream.Namespace);
            extension.Attach(provider.Name, implicitId, PayloadHandler.Adapt(onNextAsync), rewound: token is not null);
            if (token is not null)
            {
                await store.RewindSubscriptionAsync(new SubscriptionRecord(implicitId, stream, grainId, true, 0, 0), token.SequenceNumber - 1, CancellationToken.None);
            }

            return new GrainSubscriptionHandle<T>(provider, activation, stream, implicitId, isImplicit: true);
        }

        // Attached before the subscription exists, so its first delivery always finds the handler.
        var id = Guid.NewGuid();
        extension.Attach(provider.Name, id, PayloadHandler.Adapt(onNextAsync), rewound: true);
        try
        {
            await store.AddSubscriptionAsync(new SubscriptionRecord(id, stream, grainId, false, 0, 0), token is null ? null : token.SequenceNumber - 1, CancellationToken.None);
        }
        catch
        {
            extension.Detach(provider.Name, id);
            throw;
        }

        return new GrainSubscriptionHandle<T>(provider, activation, stream, id, isImplicit: false);
    }

    public static async Task<IList<StreamSubscriptionHandle<T>>> GetHandlesAsync<T>(StreamProviderRuntime provider, ActivationData activation, StreamId stream)
    {
        var grainId = activation.GrainId;
        var result = new List<StreamSubscriptionHandle<T>>();
        if (provider.ImplicitSubscriptions!.IsImplicitSubscriber(grainId, stream))
        {
            result.Add(new GrainSubscriptionHandle<T>(provider, activation, stream, ImplicitSubscriptionTable.SubscriptionId(grainId.Type, stream.Namespace), isImplicit: true));
        }

        foreach (var record in await provider.RequireStore().ReadSubscriptionsAsync(stream, CancellationToken.None))
        {
            if (!record.IsImplicit && record.Consumer == grainId)
            {
                result.Add(new GrainSubscriptionHandle<T>(provider, activation, stream, record.Id, isImplicit: false));
            }
        }

        return result;
    }
}
