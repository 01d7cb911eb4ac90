namespace OrleansBackend.Runtime.Diagnostics.Prometheus;

/// <summary>
/// The aggregated value of one instrument for one label set: a running sum, a last value, or histogram buckets.
/// Updated lock-free from any thread; read by the scraper.
/// </summary>
internal sealed class MetricSeries
{
    private readonly long[]? _buckets;
    private double _value;
    private double _sum;

    public MetricSeries(LabelSet labels, int bucketCount)
    {
        Labels = labels;
        if (bucketCount > 0)
        {
            // One more than the bounds: the last bucket counts what lies above every bound (+Inf).
            _buckets = new long[bucketCount + 1];
        }
    }

    public LabelSet Labels { get; }

    /// <summary>The scrape generation of an observable's last observation (stale series are not exposed).</summary>
    public long Generation { get; private set; }

    public double Value => Volatile.Read(ref _value);

    public double Sum => Volatile.Read(ref _sum);

    public void Add(double value) => AddDouble(ref _value, value);

    public void Set(double value, long generation)
    {
        Volatile.Write(ref _value, value);
        Generation = generation;
    }

    public void Observe(double value, double[] bounds)
    {
        // Bounds are upper-inclusive (le); a value above them all goes to the last bucket.
        var index = Array.BinarySearch(bounds, value);
        if (index < 0)
        {
            index = ~index;
        }

        Interlocked.Increment(ref _buckets![index]);
        AddDouble(ref _sum, value);
    }

    /// <summary>Copies the non-cumulative bucket counts into <paramref name="counts"/>.</summary>
    public void CopyBuckets(Span<long> counts)
    {
        for (var i = 0; i < counts.Length; i++)
        {
            counts[i] = Volatile.Read(ref _buckets![i]);
        }
    }

    private static void AddDouble(ref double target, double value)
    {
        var current = Volatile.Read(ref target);
        while (true)
        {
            var seen = Interlocked.CompareExchange(ref target, current + value, current);
            if (seen.Equals(current))
            {
                return;
            }

            current = seen;
        }
    }
}
