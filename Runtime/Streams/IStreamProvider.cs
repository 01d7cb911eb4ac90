namespace OrleansBackend.Runtime.Streams;

/// <summary>
/// A named stream provider (<c>this.GetStreamProvider("name")</c> in a grain, <c>client.GetStreamProvider("name")</c>
/// outside): hands out streams by id.
/// </summary>
public interface IStreamProvider
{
    /// <summary>The name the provider was registered with.</summary>
    string Name { get; }

    /// <summary>True when subscriptions can start at an earlier event (durable providers keep events).</summary>
    bool IsRewindable { get; }

    /// <summary>The stream <paramref name="streamId"/>, carrying items of <typeparamref name="T"/>; no I/O.</summary>
    IAsyncStream<T> GetStream<T>(StreamId streamId);
}
