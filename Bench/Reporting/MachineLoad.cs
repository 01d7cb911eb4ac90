using System.Globalization;

namespace OrleansBackend.Bench.Reporting;

/// <summary>
/// The machine's 1-minute load average when the benchmark started (Linux /proc/loadavg): on a small shared machine a
/// figure means little without it, so every result carries it.
/// </summary>
public static class MachineLoad
{
    /// <summary>The load average read at start, or null where the system does not tell.</summary>
    public static double? AtStart { get; private set; }

    /// <summary>Reads the load average now.</summary>
    public static void CaptureAtStart() => AtStart = Read();

    /// <summary>The load average now, or null.</summary>
    public static double? Now() => Read();

    private static double? Read()
    {
        try
        {
            var first = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            return double.Parse(first, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }
}
