using OrleansBackend.Runtime.Grains;
using OrleansBackend.Runtime.Persistence;
using OrleansBackend.Runtime.Streams;

namespace OrleansBackend.Tests.Streams.TestGrains;

public sealed class OutboxPublisherGrain : Grain, IOutboxPublisherGrain
{
    private readonly IPersistentState<PublisherTotal> _state;

    public OutboxPublisherGrain([PersistentState("publisher")] IPersistentState<PublisherTotal> state)
    {
        _state = state;
    }

    public async Task<int> AddAndPublish(int value)
    {
        _state.State.Total += value;
        try
        {
            await _state.WriteStateAsync([OutboxEvent.Create(StreamTestNames.Counter, this.GetPrimaryKeyString(), new TestEvent(value))]);
        }
        catch
        {
            _state.State.Total -= value;
            throw;
        }

        return _state.State.Total;
    }

    public Task Publish(int value, bool poison) => Stream.OnNextAsync(new TestEvent(value, poison));

    public Task PublishBatch(List<int> values) => Stream.OnNextBatchAsync(values.Select(v => new TestEvent(v)).ToList());

    public Task<int> GetTotal() => Task.FromResult(_state.State.Total);

    private IAsyncStream<TestEvent> Stream =>
        this.GetStreamProvider(StreamTestNames.Provider).GetStream<TestEvent>(StreamId.Create(StreamTestNames.Counter, this.GetPrimaryKeyString()));
}
