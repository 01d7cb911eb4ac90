namespace OrleansBackend.Runtime.Streams;

/// <summary>
/// One stream of a provider. Publishing completes once the provider accepted the events (the durable provider:
/// once they are committed). Subscribing from a grain creates a subscription of that grain, which keeps receiving
/// events across deactivations (re-attach a handler with <see cref="StreamSubscriptionHandle{T}.ResumeAsync"/>);
/// subscribing from outside a grain (a client) receives events for as long as the process keeps the handle.
/// </summary>
public interface IAsyncStream<T>
{
    /// <summary>The stream's id.</summary>
    StreamId StreamId { get; }

    /// <summary>The provider's name.</summary>
    string ProviderName { get; }

    /// <summary>Appends one event.</summary>
    Task OnNextAsync(T item, CancellationToken cancellationToken = default);

    /// <summary>Appends events in order, all or none.</summary>
    Task OnNextBatchAsync(IReadOnlyList<T> items, CancellationToken cancellationToken = default);

    /// <summary>
    /// Subscribes <paramref name="onNextAsync"/>. Without a token the subscription receives the events published
    /// after it was made; with one it starts at that event (rewindable providers). From a grain with an implicit
    /// subscription to this stream's namespace and key, this attaches the handler to the implicit subscription.
    /// </summary>
    Task<StreamSubscriptionHandle<T>> SubscribeAsync(Func<T, StreamSequenceToken, Task> onNextAsync, StreamSequenceToken? token = null);

    /// <summary>The calling grain's subscriptions to this stream (explicit ones, and its implicit one).</summary>
    Task<IList<StreamSubscriptionHandle<T>>> GetAllSubscriptionHandles();
}
