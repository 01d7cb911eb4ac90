namespace OrleansBackend.Runtime.Timers.Reminders;

/// <summary>When a reminder's next tick is due, from its stored start, period and last acknowledged tick.</summary>
internal static class ReminderSchedule
{
    /// <summary>
    /// The tick to deliver next: the first one after the last acknowledged tick. When that is already past
    /// (the silo was down, or delivery lagged), the latest past tick is delivered once, at once, instead of every
    /// missed one.
    /// </summary>
    public static DateTimeOffset NextTick(ReminderEntry entry, DateTimeOffset now)
    {
        var start = entry.StartAt;
        var period = entry.Period.Ticks;
        DateTimeOffset next;
        if (entry.LastTickAt is not { } last || last < start)
        {
            next = start;
        }
        else
        {
            next = start + TimeSpan.FromTicks(((last - start).Ticks / period + 1) * period);
        }

        if (next >= now)
        {
            return next;
        }

        var latestDue = start + TimeSpan.FromTicks((now - start).Ticks / period * period);
        return latestDue > next ? latestDue : next;
    }
}
