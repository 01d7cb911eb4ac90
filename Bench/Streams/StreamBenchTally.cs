using System.Diagnostics;
using Orleans.Streams;
using OrleansBackend.Bench.Reporting;

namespace OrleansBackend.Bench.Streams;

/// <summary>
/// What the consumer of one stream saw, counted in process (the benchmark hosts its silo): the values it applied
/// (each effect once: an event whose sequence token is not newer than the last one applied is a redelivery and is
/// skipped, as a consumer that keeps its position would), what it saw again, and the lag of each event. Tokens of
/// a persistent provider number the messages of a queue, so a stream's tokens rise but are not consecutive; the
/// publisher's own running number tells order and duplicates.
/// </summary>
public sealed class StreamBenchTally
{
    private readonly object _lock = new();
    private readonly HashSet<long> _applied = [];
    private readonly LatencyHistogram _lag = new();
    private StreamSequenceToken? _lastToken;
    private long _lastValue;
    private long _redelivered;
    private long _duplicatesApplied;
    private long _gaps;

    /// <summary>Counts one delivered event; returns true when it was applied (not a redelivery).</summary>
    public bool Record(StreamSequenceToken? token, StreamBenchEvent item, long now, bool measured)
    {
        lock (_lock)
        {
            if (token is not null && _lastToken is not null && !token.Newer(_lastToken))
            {
                _redelivered++;
                return false;
            }

            _lastToken = token ?? _lastToken;
            if (!_applied.Add(item.Value))
            {
                // A value applied before under a newer token (stored twice): its effect would be taken twice.
                _duplicatesApplied++;
            }
            else if (item.Value != _lastValue + 1)
            {
                // Out of the publisher's order: an event skipped (it may still come) or one arriving late.
                _gaps++;
            }

            _lastValue = Math.Max(_lastValue, item.Value);

            if (measured)
            {
                _lag.Record(now - item.SentTimestamp);
            }

            return true;
        }
    }

    public (long Applied, long Lost, long Redelivered, long DuplicatesApplied, long Gaps) Summarize(long acknowledged)
    {
        lock (_lock)
        {
            var present = 0L;
            for (var value = 1L; value <= acknowledged; value++)
            {
                if (_applied.Contains(value))
                {
                    present++;
                }
            }

            return (_applied.Count, acknowledged - present, _redelivered, _duplicatesApplied, _gaps);
        }
    }

    public long AppliedCount
    {
        get
        {
            lock (_lock)
            {
                return _applied.Count;
            }
        }
    }

    public void AddLagTo(LatencyHistogram total)
    {
        lock (_lock)
        {
            total.Add(_lag);
        }
    }

    /// <summary>The tallies of this process, by stream key.</summary>
    public static System.Collections.Concurrent.ConcurrentDictionary<string, StreamBenchTally> All { get; } = new(StringComparer.Ordinal);

    /// <summary>Stopwatch timestamps between which deliveries count toward the measured rate.</summary>
    public static long MeasureFrom { get; set; } = long.MaxValue;

    public static long MeasureUntil { get; set; } = long.MaxValue;

    private static long _measuredDeliveries;

    public static long MeasuredDeliveries => Interlocked.Read(ref _measuredDeliveries);

    public static void CountMeasured() => Interlocked.Increment(ref _measuredDeliveries);

    public static bool IsMeasuring(long now) => now >= MeasureFrom && now < MeasureUntil;

    public static long Now() => Stopwatch.GetTimestamp();
}
