using System.Collections.Concurrent;

namespace OrleansBackend.Tests.Persistence.TestGrains;

/// <summary>The reminder ticks probe grains received, by grain key (the test's silos run in this process).</summary>
public static class ReminderTicks
{
    private static readonly ConcurrentDictionary<string, int> Ticks = new(StringComparer.Ordinal);

    /// <summary>Counts one tick of <paramref name="key"/>.</summary>
    public static void Record(string key) => Ticks.AddOrUpdate(key, 1, static (_, n) => n + 1);

    /// <summary>The ticks of <paramref name="key"/> so far.</summary>
    public static int Of(string key) => Ticks.GetValueOrDefault(key);
}
