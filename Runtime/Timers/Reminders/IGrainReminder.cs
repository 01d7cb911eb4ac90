namespace OrleansBackend.Runtime.Timers.Reminders;

/// <summary>A registered reminder of a grain, as returned by <c>RegisterOrUpdateReminder</c> and <c>GetReminder</c>.</summary>
public interface IGrainReminder
{
    /// <summary>The reminder's name, unique within its grain.</summary>
    string ReminderName { get; }

    /// <summary>When the first tick is (or was) due.</summary>
    DateTimeOffset StartAt { get; }

    /// <summary>Time between ticks.</summary>
    TimeSpan Period { get; }
}
