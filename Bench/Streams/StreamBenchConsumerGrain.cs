using OrleansBackend.Runtime.Grains;
using OrleansBackend.Runtime.Streams;

namespace OrleansBackend.Bench.Streams;

public interface IStreamBenchConsumerGrain : IGrainWithStringKey
{
    /// <summary>Activates the consumer (it attaches its handler on activation).</summary>
    Task Ping();
}

/// <summary>Implicitly subscribed to the benchmark's namespace; counts what it sees in its stream's tally.</summary>
[ImplicitStreamSubscription(StreamsBenchmark.Namespace)]
public sealed class StreamBenchConsumerGrain : Grain, IStreamBenchConsumerGrain
{
    private StreamBenchTally _tally = null!;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var key = this.GetPrimaryKeyString();
        _tally = StreamBenchTally.All.GetOrAdd(key, _ => new StreamBenchTally());
        await this.GetStreamProvider(StreamProviderNames.Default)
            .GetStream<StreamBenchEvent>(StreamId.Create(StreamsBenchmark.Namespace, key))
            .SubscribeAsync(OnEventAsync);
    }

    public Task Ping() => Task.CompletedTask;

    private Task OnEventAsync(StreamBenchEvent item, StreamSequenceToken token)
    {
        var now = StreamBenchTally.Now();
        var measured = StreamBenchTally.IsMeasuring(item.SentTimestamp);
        if (_tally.Record(token.SequenceNumber, item, now, measured) && StreamBenchTally.IsMeasuring(now))
        {
            StreamBenchTally.CountMeasured();
        }

        return Task.CompletedTask;
    }
}
