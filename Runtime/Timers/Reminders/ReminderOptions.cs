namespace OrleansBackend.Runtime.Timers.Reminders;

/// <summary>The reminder service (configuration section <c>Reminders</c>).</summary>
public sealed class ReminderOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Reminders";

    /// <summary>The shortest period a reminder may have (reminders are for minutes to days; use grain timers below that).</summary>
    public TimeSpan MinimumPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often a silo re-reads the table, to pick up reminders registered by other silos.</summary>
    public TimeSpan RefreshPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How many ticks a silo delivers at once (after a restart many may be due together).</summary>
    public int MaxConcurrentDeliveries { get; set; } = 64;

    /// <summary>The delay before a failed delivery is tried again; it doubles per failure, up to the reminder's period.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(10);
}
