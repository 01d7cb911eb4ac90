namespace OrleansBackend.Bench.ScaleOut;

/// <summary>How evenly activations are spread over silos.</summary>
public static class ActivationSpread
{
    /// <summary>The largest deviation of any silo from the mean, in percent of the mean (0 = perfectly even).</summary>
    public static double MaxDeviationPercent(IReadOnlyList<long> activationsPerSilo)
    {
        if (activationsPerSilo.Count == 0)
        {
            return 0;
        }

        var mean = activationsPerSilo.Average();
        return mean <= 0 ? 0 : Math.Round(activationsPerSilo.Max(a => Math.Abs(a - mean)) / mean * 100, 1);
    }
}
