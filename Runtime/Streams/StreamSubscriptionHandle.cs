namespace OrleansBackend.Runtime.Streams;

/// <summary>
/// A subscription to a stream. A grain's subscription outlives its activation: after a reactivation, find it with
/// <see cref="IAsyncStream{T}.GetAllSubscriptionHandles"/> and attach a handler again with <see cref="ResumeAsync"/>,
/// or end it with <see cref="UnsubscribeAsync"/>.
/// </summary>
public abstract class StreamSubscriptionHandle<T> : IEquatable<StreamSubscriptionHandle<T>>
{
    /// <summary>The subscription's id.</summary>
    public abstract Guid HandleId { get; }

    /// <summary>The stream.</summary>
    public abstract StreamId StreamId { get; }

    /// <summary>The provider's name.</summary>
    public abstract string ProviderName { get; }

    /// <summary>True for the implicit subscription of a grain (it cannot be unsubscribed).</summary>
    public abstract bool IsImplicit { get; }

    /// <summary>
    /// Attaches <paramref name="onNextAsync"/> to this subscription (in this activation); with a token the
    /// subscription rewinds to start at that event.
    /// </summary>
    public abstract Task<StreamSubscriptionHandle<T>> ResumeAsync(Func<T, StreamSequenceToken, Task> onNextAsync, StreamSequenceToken? token = null);

    /// <summary>Ends the subscription: no more events are delivered to it.</summary>
    public abstract Task UnsubscribeAsync();

    /// <inheritdoc />
    public bool Equals(StreamSubscriptionHandle<T>? other) =>
        other is not null && other.HandleId == HandleId && other.StreamId == StreamId && other.ProviderName == ProviderName;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is StreamSubscriptionHandle<T> other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(HandleId, StreamId);

    /// <inheritdoc />
    public override string ToString() => $"{ProviderName}:{StreamId} subscription {HandleId}";
}
