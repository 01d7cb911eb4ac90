namespace OrleansBackend.Bench.Compare;

/// <summary>One system on one mix over its rounds: medians (the machine's bursts of steal time can halve one run).</summary>
public sealed record MixFigures(string System, string Mix, double RequestsPerSecond, double P99Ms, double P50Ms, long Errors, int Rounds);

/// <summary>The arithmetic of a comparison: medians over rounds and ours ÷ other ratios.</summary>
public static class CompareSummary
{
    public static MixFigures Summarize(string system, string mix, IReadOnlyList<(double RequestsPerSecond, double P50Ms, double P99Ms, long Errors)> rounds) => new(
        system,
        mix,
        Median(rounds.Select(r => r.RequestsPerSecond)),
        Median(rounds.Select(r => r.P99Ms)),
        Median(rounds.Select(r => r.P50Ms)),
        rounds.Sum(r => r.Errors),
        rounds.Count);

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        if (sorted.Length == 0)
        {
            return 0;
        }

        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>ours ÷ other, rounded to 3 places; 0 when the other is missing or measured nothing.</summary>
    public static double Ratio(double ours, double other) => other <= 0 ? 0 : Math.Round(ours / other, 3);
}
