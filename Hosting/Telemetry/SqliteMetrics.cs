using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace OrleansBackend.Hosting.Telemetry;

/// <summary>
/// The hosting layer's own meter (<c>OrleansBackend.Hosting</c>): how long writes to a SQLite database waited at its
/// write gate for the writes ahead of them. The gate is what keeps SQLite fair under concurrent writers; its wait is
/// the queueing that grain-storage latency alone does not show.
/// </summary>
internal static class SqliteMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = BackendMeters.Prefix + "Hosting";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Histogram<double> GateWait = Meter.CreateHistogram(
        "orleansbackend.sqlite.write_gate.wait",
        unit: "s",
        description: "Time a write to a SQLite database file waited at its write gate for the writes queued ahead of it.",
        tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });

    /// <summary>A timestamp to pass to <see cref="GateEntered"/>, or 0 while nobody listens (then nothing is measured).</summary>
    public static long GateRequested() => GateWait.Enabled ? Stopwatch.GetTimestamp() : 0;

    /// <summary>Records the wait since <paramref name="requested"/>.</summary>
    public static void GateEntered(long requested)
    {
        if (requested != 0)
        {
            GateWait.Record(Stopwatch.GetElapsedTime(requested).TotalSeconds);
        }
    }
}
