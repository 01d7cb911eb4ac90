using OrleansBackend.Runtime.Grains;

namespace OrleansBackend.Runtime.Timers.Reminders;

/// <summary>What the <c>Grain</c> reminder helpers call: the silo's reminder service.</summary>
internal interface IReminderRegistry
{
    Task<IGrainReminder> RegisterOrUpdateReminderAsync(GrainId grainId, string reminderName, TimeSpan dueTime, TimeSpan period);

    Task UnregisterReminderAsync(GrainId grainId, string reminderName);

    Task<IGrainReminder?> GetReminderAsync(GrainId grainId, string reminderName);

    Task<IReadOnlyList<IGrainReminder>> GetRemindersAsync(GrainId grainId);
}
