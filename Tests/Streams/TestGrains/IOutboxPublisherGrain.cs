using OrleansBackend.Runtime.Grains;

namespace OrleansBackend.Tests.Streams.TestGrains;

/// <summary>Publishes to the "counter" stream of its own key: with a state change (outbox) or on its own (OnNextAsync).</summary>
public interface IOutboxPublisherGrain : IGrainWithStringKey
{
    /// <summary>Adds <paramref name="value"/> to its total and publishes it, in one transaction.</summary>
    Task<int> AddAndPublish(int value);

    Task Publish(int value, bool poison);

    Task PublishBatch(List<int> values);

    Task<int> GetTotal();
}
