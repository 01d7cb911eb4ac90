namespace OrleansBackend.Grains.Identity;

/// <summary>
/// The failed-login rule: 5 failed attempts on one address within 15 minutes lock the address until the oldest
/// of those 5 leaves the window. Attempts while locked are not checked and do not count.
/// </summary>
public static class LoginThrottle
{
    /// <summary>Failures that lock the address.</summary>
    public const int MaxFailures = 5;

    /// <summary>How long a failure counts.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    /// <summary>Drops failures that left the window (and all but the last <see cref="MaxFailures"/>).</summary>
    public static void Prune(List<DateTimeOffset> failures, DateTimeOffset now)
    {
        failures.RemoveAll(at => at + Window <= now);
        if (failures.Count > MaxFailures)
        {
            failures.RemoveRange(0, failures.Count - MaxFailures);
        }
    }

    /// <summary>When the address unlocks, or null when it is not locked.</summary>
    public static DateTimeOffset? LockedUntil(List<DateTimeOffset> failures, DateTimeOffset now)
    {
        Prune(failures, now);
        return failures.Count >= MaxFailures ? failures[^MaxFailures] + Window : null;
    }
}
