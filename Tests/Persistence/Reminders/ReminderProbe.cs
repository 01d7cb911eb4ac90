using System.Globalization;
using OrleansBackend.Runtime.Grains;
using OrleansBackend.Runtime.Timers.Reminders;
using OrleansBackend.Tests.Infrastructure;
using OrleansBackend.Tests.Persistence.Infrastructure;
using OrleansBackend.Tests.Runtime.TestGrains;

namespace OrleansBackend.Tests.Persistence.Reminders;

/// <summary>What reminder tests wait for: ticks the probe grain logged, and the service's next attempt.</summary>
public static class ReminderProbe
{
    public static IReadOnlyList<string> Ticks(string key) =>
        Probe.Entries(key).Where(e => e.StartsWith("tick:", StringComparison.Ordinal)).ToList();

    /// <summary>Waits until exactly these ticks (by due time) were delivered, in order; more fails at once.</summary>
    public static Task WaitForTicksAsync(string key, params DateTimeOffset[] expected)
    {
        var wanted = expected.Select(t => t.UtcDateTime.ToString("o", CultureInfo.InvariantCulture)).ToList();
        return Eventually.True(
            () =>
            {
                // Entries read "tick:<name>:<due time>"; names have no ':'.
                var ticks = Ticks(key).Select(t => t[(t.IndexOf(':', 5) + 1)..]).ToList();
                if (ticks.Count > wanted.Count)
                {
                    Assert.Fail($"Expected ticks [{string.Join(", ", wanted)}] but got [{string.Join(", ", ticks)}].");
                }

                return ticks.SequenceEqual(wanted);
            },
            $"ticks [{string.Join(", ", wanted)}] were delivered");
    }

    /// <summary>Waits until the reminder's next attempt is armed for <paramref name="at"/>, so advancing the clock fires it.</summary>
    public static Task WaitForNextAttemptAsync(StorageSilo silo, string key, DateTimeOffset at) =>
        Eventually.True(
            () => silo.GetService<LocalReminderService>().NextAttemptAt(new GrainId("reminderprobe", key), "r") == at,
            $"the next attempt is armed for {at:o}");
}
