namespace OrleansBackend.Grains.Identity;

/// <summary>How long sessions live.</summary>
public static class SessionPolicy
{
    /// <summary>A session ends this long after its last use.</summary>
    public static readonly TimeSpan SlidingLifetime = TimeSpan.FromHours(24);

    /// <summary>A session ends this long after it started, however often it is used.</summary>
    public static readonly TimeSpan AbsoluteLifetime = TimeSpan.FromDays(30);

    /// <summary>
    /// Last use is written to storage only when it moved this far, so validation (every request) rarely writes;
    /// after a crash a session may expire up to this much early, never late.
    /// </summary>
    public static readonly TimeSpan LastSeenWriteGranularity = TimeSpan.FromMinutes(1);

    /// <summary>When a session created at <paramref name="createdAt"/> and last used at <paramref name="lastSeenAt"/> ends.</summary>
    public static DateTimeOffset ExpiresAt(DateTimeOffset createdAt, DateTimeOffset lastSeenAt)
    {
        var sliding = lastSeenAt + SlidingLifetime;
        var absolute = createdAt + AbsoluteLifetime;
        return sliding < absolute ? sliding : absolute;
    }
}
