using System.Diagnostics;

namespace OrleansBackend.Bench.Reporting;

/// <summary>
/// A log-linear latency histogram (about 1.5 % resolution) over Stopwatch ticks: each power of two is split into
/// 64 buckets. One per worker, merged at the end, so recording never contends.
/// </summary>
public sealed class LatencyHistogram
{
    private const int SubBucketBits = 6;
    private const int SubBuckets = 1 << SubBucketBits;
    private readonly long[] _counts = new long[64 * SubBuckets];
    private long _max;

    public long Count { get; private set; }

    public void Record(long elapsedTicks)
    {
        if (elapsedTicks < 0)
        {
            elapsedTicks = 0;
        }

        _counts[Index(elapsedTicks)]++;
        Count++;
        if (elapsedTicks > _max)
        {
            _max = elapsedTicks;
        }
    }

    public void Add(LatencyHistogram other)
    {
        for (var i = 0; i < _counts.Length; i++)
        {
            _counts[i] += other._counts[i];
        }

        Count += other.Count;
        _max = Math.Max(_max, other._max);
    }

    /// <summary>The latency at percentile <paramref name="p"/> (0–100), in microseconds.</summary>
    public double PercentileMicroseconds(double p)
    {
        if (Count == 0)
        {
            return 0;
        }

        var rank = (long)Math.Ceiling(p / 100.0 * Count);
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                return Math.Min(UpperBound(i), _max) * 1_000_000.0 / Stopwatch.Frequency;
            }
        }

        return MaxMicroseconds;
    }

    public double MaxMicroseconds => _max * 1_000_000.0 / Stopwatch.Frequency;

    private static int Index(long value)
    {
        if (value < SubBuckets)
        {
            return (int)value;
        }

        var magnitude = 63 - System.Numerics.BitOperations.LeadingZeroCount((ulong)value);
        var shift = magnitude - SubBucketBits;
        var sub = (int)(value >> shift) & (SubBuckets - 1);
        return ((shift + 1) * SubBuckets) + sub;
    }

    private static long UpperBound(int index)
    {
        if (index < SubBuckets)
        {
            return index;
        }

        var shift = (index / SubBuckets) - 1;
        var sub = index % SubBuckets;
        return ((long)(SubBuckets + sub + 1) << shift) - 1;
    }
}
