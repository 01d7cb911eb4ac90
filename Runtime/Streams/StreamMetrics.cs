using System.Diagnostics.Metrics;

namespace OrleansBackend.Runtime.Streams;

/// <summary>The streams meter (<c>OrleansBackend.Streams</c>): events published and delivered, consumer lag, redeliveries, dead letters.</summary>
internal sealed class StreamMetrics
{
    public const string MeterName = "OrleansBackend.Streams";

    private readonly Counter<long> _published;
    private readonly Counter<long> _delivered;
    private readonly Counter<long> _redeliveries;
    private readonly Counter<long> _deadLetters;
    private readonly Histogram<double> _lag;
    private long _pending;

    public StreamMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _published = meter.CreateCounter<long>("orleans.streams.events.published", "{event}", "Events appended to streams.");
        _delivered = meter.CreateCounter<long>("orleans.streams.events.delivered", "{event}", "Events handed to consumer grains (per subscription).");
        _redeliveries = meter.CreateCounter<long>("orleans.streams.redeliveries", "{event}", "Events offered again after a failed or unanswered delivery.");
        _deadLetters = meter.CreateCounter<long>("orleans.streams.dead_letters", "{event}", "Events parked after their handler kept failing.");
        _lag = meter.CreateHistogram<double>("orleans.streams.consumer.lag", "ms", "Time from an event's commit to its delivery to a consumer.");
        meter.CreateObservableGauge("orleans.streams.pending", () => Volatile.Read(ref _pending), "{event}", "Events read by this silo's agents and not yet handled.");
    }

    public void OnPublished(string provider, int count) => _published.Add(count, new KeyValuePair<string, object?>("provider", provider));

    public void OnDelivered(string provider, int count, DateTimeOffset oldestCreatedAt, DateTimeOffset now)
    {
        var tag = new KeyValuePair<string, object?>("provider", provider);
        _delivered.Add(count, tag);
        _lag.Record(Math.Max(0, (now - oldestCreatedAt).TotalMilliseconds), tag);
    }

    public void OnRedelivery(string provider, int count) => _redeliveries.Add(count, new KeyValuePair<string, object?>("provider", provider));

    public void OnDeadLetter(string provider) => _deadLetters.Add(1, new KeyValuePair<string, object?>("provider", provider));

    public void OnPendingChanged(long delta) => Interlocked.Add(ref _pending, delta);
}
