using OrleansBackend.Bench.Reporting;

namespace OrleansBackend.Bench.Load;

/// <summary>
/// What a load run saw: every request's latency, the answers that were not 2xx by status (0 = no answer: a
/// connection error or a timeout), and whether the balances read back afterwards match the acknowledged writes.
/// </summary>
public sealed record LoadResult(
    string Mix,
    TimeSpan Elapsed,
    LatencyHistogram Latency,
    IReadOnlyDictionary<int, long> ErrorsByStatus,
    BalanceCheck? Balances)
{
    public long Requests => Latency.Count;

    public long Errors => ErrorsByStatus.Values.Sum();

    public double RequestsPerSecond => Elapsed.TotalSeconds <= 0 ? 0 : Requests / Elapsed.TotalSeconds;

    public double PercentileMs(double p) => Latency.PercentileMicroseconds(p) / 1000.0;

    public double MaxMs => Latency.MaxMicroseconds / 1000.0;

    /// <summary>"none", or "status×count" pairs such as "0×3 503×12".</summary>
    public string ErrorSummary => ErrorsByStatus.Count == 0
        ? "none"
        : string.Join(' ', ErrorsByStatus.OrderBy(e => e.Key).Select(e => $"{(e.Key == 0 ? "no-answer" : e.Key.ToString())}×{e.Value}"));

    public BenchResult AddTo(BenchResult result)
    {
        result.Add("mix", Mix)
            .Add("durationS", Math.Round(Elapsed.TotalSeconds, 2), "duration (s)")
            .Add("requests", Requests)
            .Add("requestsPerSecond", Math.Round(RequestsPerSecond), "requests/s")
            .Add("p50Ms", Math.Round(PercentileMs(50), 3), "p50 (ms)")
            .Add("p90Ms", Math.Round(PercentileMs(90), 3), "p90 (ms)")
            .Add("p99Ms", Math.Round(PercentileMs(99), 3), "p99 (ms)")
            .Add("maxMs", Math.Round(MaxMs, 3), "max (ms)")
            .Add("errors", Errors)
            .Add("errorsByStatus", ErrorSummary, "errors by status");
        if (Balances is { } balances)
        {
            result.Add("acknowledgedWrites", balances.AcknowledgedWrites, "acknowledged writes (201)")
                .Add("balanceMismatches", balances.Mismatches, "accounts whose balance ≠ acknowledged writes")
                .Add("uncheckedAccounts", balances.Unchecked, "accounts not checked (a write without a clear answer)");
        }

        return result;
    }
}

/// <summary>Balances read back after a run against what the 201 answers promised.</summary>
public sealed record BalanceCheck(long AcknowledgedWrites, int Mismatches, int Unchecked);
