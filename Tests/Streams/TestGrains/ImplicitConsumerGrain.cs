using OrleansBackend.Runtime.Grains;
using OrleansBackend.Runtime.Persistence;
using OrleansBackend.Runtime.Streams;

namespace OrleansBackend.Tests.Streams.TestGrains;

[ImplicitStreamSubscription(StreamTestNames.Counter)]
public sealed class ImplicitConsumerGrain : Grain, IImplicitConsumerGrain
{
    private readonly IPersistentState<ConsumerSnapshot> _state;

    public ImplicitConsumerGrain([PersistentState("consumer")] IPersistentState<ConsumerSnapshot> state)
    {
        _state = state;
    }

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var stream = this.GetStreamProvider(StreamTestNames.Provider).GetStream<TestEvent>(StreamId.Create(StreamTestNames.Counter, this.GetPrimaryKeyString()));
        await stream.SubscribeAsync(OnEventAsync);
    }

    public Task<ConsumerSnapshot> GetSnapshot() => Task.FromResult(_state.State);

    private async Task OnEventAsync(TestEvent item, StreamSequenceToken token)
    {
        if (item.Poison)
        {
            throw new InvalidOperationException($"Poison event {item.Value}.");
        }

        var state = _state.State;
        if (token.SequenceNumber <= state.LastSequence)
        {
            // Already applied (a redelivery): the effect is taken once.
            state.Redelivered++;
            return;
        }

        if (token.SequenceNumber != state.LastSequence + 1)
        {
            state.Gaps++;
        }

        state.Values.Add(item.Value);
        state.Sequences.Add(token.SequenceNumber);
        state.LastSequence = token.SequenceNumber;
        await _state.WriteStateAsync();
    }
}
