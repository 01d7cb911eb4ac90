using System.Diagnostics.Metrics;

namespace OrleansBackend.Runtime.Diagnostics.Prometheus;

/// <summary>
/// The explicit bucket bounds of a histogram: the instrument's advice when it gives some, otherwise defaults by
/// unit (seconds from 100 µs to 10 s, bytes from 64 B to 16 MiB, plain counts from 1 to 5000).
/// </summary>
internal static class HistogramBuckets
{
    public static readonly double[] Seconds = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    public static readonly double[] Bytes = [64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216];

    public static readonly double[] Counts = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000];

    /// <summary>The bounds in the exposed (base) unit.</summary>
    public static double[] For(Instrument instrument, double scale)
    {
        var advised = instrument switch
        {
            Histogram<double> h => h.Advice?.HistogramBucketBoundaries?.ToArray(),
            Histogram<float> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
            Histogram<long> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
            Histogram<int> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
            _ => null,
        };
        if (advised is { Length: > 0 })
        {
            for (var i = 0; i < advised.Length; i++)
            {
                advised[i] *= scale;
            }

            Array.Sort(advised);
            return advised;
        }

        return PrometheusNaming.UnitSuffix(instrument.Unit) switch
        {
            "seconds" => Seconds,
            "bytes" => Bytes,
            _ => Counts,
        };
    }
}
