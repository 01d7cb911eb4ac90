using System.Diagnostics.Metrics;

namespace OrleansBackend.Tests.Streams;

/// <summary>
/// Counts the events grain outboxes re-publish on activation while it is alive (the outbox meter's
/// <c>orleansbackend.outbox.published</c> with <c>trigger=activation</c>, reported by the in-process silos).
/// </summary>
public sealed class OutboxRepublishes : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _count;

    public OutboxRepublishes()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument is { Name: "orleansbackend.outbox.published", Meter.Name: "OrleansBackend.Grains" })
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag is { Key: "trigger", Value: "activation" })
                {
                    Interlocked.Add(ref _count, value);
                }
            }
        });
        _listener.Start();
    }

    /// <summary>Events re-published on activation so far.</summary>
    public long Count => Interlocked.Read(ref _count);

    public void Dispose() => _listener.Dispose();
}
