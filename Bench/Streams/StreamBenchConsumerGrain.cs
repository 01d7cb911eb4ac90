using Orleans.Streams;

namespace OrleansBackend.Bench.Streams;

/// <summary>
/// Implicitly subscribed to the benchmark's namespace; hands what it sees to its stream's tally in this process (the
/// benchmark hosts the silo), which applies each event once by its sequence token.
/// </summary>
[ImplicitStreamSubscription(StreamsBenchmark.Namespace)]
public sealed class StreamBenchConsumerGrain : Grain, IStreamBenchConsumerGrain
{
    private StreamBenchTally _tally = null!;

    /// <inheritdoc />
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var key = this.GetPrimaryKeyString();
        _tally = StreamBenchTally.All.GetOrAdd(key, _ => new StreamBenchTally());
        await this.GetStreamProvider(StreamsBenchmark.ProviderName)
            .GetStream<StreamBenchEvent>(StreamId.Create(StreamsBenchmark.Namespace, key))
            .SubscribeAsync(OnEventAsync);
    }

    /// <inheritdoc />
    public Task Ping() => Task.CompletedTask;

    private Task OnEventAsync(StreamBenchEvent item, StreamSequenceToken? token)
    {
        var now = StreamBenchTally.Now();
        if (_tally.Record(token, item, now, StreamBenchTally.IsMeasuring(item.SentTimestamp)) && StreamBenchTally.IsMeasuring(now))
        {
            StreamBenchTally.CountMeasured();
        }

        return Task.CompletedTask;
    }
}
