namespace OrleansBackend.Runtime.Timers.Reminders;

/// <summary>A reminder this silo owns, with the timer that delivers its next tick. Guarded by the service's lock.</summary>
internal sealed class ArmedReminder
{
    public ArmedReminder(ReminderEntry entry, long generation)
    {
        Entry = entry;
        Generation = generation;
    }

    /// <summary>The registration, with the last tick this silo saw acknowledged.</summary>
    public ReminderEntry Entry { get; set; }

    /// <summary>When this silo armed it, in the service's own counter (to tell it from table reads made earlier).</summary>
    public long Generation { get; }

    /// <summary>The due time of the tick the timer will deliver.</summary>
    public DateTimeOffset DueTick { get; set; }

    /// <summary>When the timer fires next; null while a delivery runs.</summary>
    public DateTimeOffset? NextAttemptAt { get; set; }

    /// <summary>Deliveries of <see cref="DueTick"/> that failed so far.</summary>
    public int FailedAttempts { get; set; }

    public ITimer? Timer { get; set; }

    /// <summary>Set when replaced, unregistered, no longer owned, or the silo stops; the timer is then gone.</summary>
    public bool Disarmed { get; private set; }

    public void Disarm()
    {
        Disarmed = true;
        Timer?.Dispose();
        Timer = null;
    }
}
