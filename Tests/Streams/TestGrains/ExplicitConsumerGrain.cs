using OrleansBackend.Runtime.Grains;
using OrleansBackend.Runtime.Streams;

namespace OrleansBackend.Tests.Streams.TestGrains;

public sealed class ExplicitConsumerGrain : Grain, IExplicitConsumerGrain
{
    private static readonly Dictionary<string, int> Activations = [];
    private readonly List<long> _sequences = [];
    private readonly List<int> _values = [];

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        lock (Activations)
        {
            Activations[this.GetPrimaryKeyString()] = Activations.GetValueOrDefault(this.GetPrimaryKeyString()) + 1;
        }

        // Orleans style: subscriptions outlive the activation; attach the handler again.
        foreach (var key in StreamKeys)
        {
            foreach (var handle in await Stream(key).GetAllSubscriptionHandles())
            {
                await handle.ResumeAsync(OnEventAsync);
            }
        }
    }

    public async Task<Guid> Subscribe(string streamKey, long? fromSequence)
    {
        var handle = await Stream(streamKey).SubscribeAsync(OnEventAsync, fromSequence is { } from ? new StreamSequenceToken(from) : null);
        return handle.HandleId;
    }

    public async Task Unsubscribe(string streamKey)
    {
        foreach (var handle in await Stream(streamKey).GetAllSubscriptionHandles())
        {
            await handle.UnsubscribeAsync();
        }
    }

    public async Task<int> CountSubscriptions(string streamKey) => (await Stream(streamKey).GetAllSubscriptionHandles()).Count;

    public Task<List<long>> GetReceivedSequences() => Task.FromResult(_sequences.ToList());

    public Task<List<int>> GetReceivedValues() => Task.FromResult(_values.ToList());

    public Task<int> GetActivationCount()
    {
        lock (Activations)
        {
            return Task.FromResult(Activations.GetValueOrDefault(this.GetPrimaryKeyString()));
        }
    }

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    /// <summary>The stream keys this grain may subscribe to: its own key with suffixes (tests use "-a" and "-b").</summary>
    private IEnumerable<string> StreamKeys => [this.GetPrimaryKeyString() + "-a", this.GetPrimaryKeyString() + "-b"];

    private IAsyncStream<TestEvent> Stream(string key) =>
        this.GetStreamProvider(StreamTestNames.Provider).GetStream<TestEvent>(StreamId.Create(StreamTestNames.Topic, key));

    private Task OnEventAsync(TestEvent item, StreamSequenceToken token)
    {
        _sequences.Add(token.SequenceNumber);
        _values.Add(item.Value);
        return Task.CompletedTask;
    }
}
