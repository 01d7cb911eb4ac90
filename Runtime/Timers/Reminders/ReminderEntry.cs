using OrleansBackend.Runtime.Grains;

namespace OrleansBackend.Runtime.Timers.Reminders;

/// <summary>A reminder as the reminder table stores it.</summary>
/// <param name="GrainId">The grain it reminds.</param>
/// <param name="ReminderName">Its name, unique within the grain.</param>
/// <param name="StartAt">The first tick; ticks fall at <c>StartAt + k × Period</c>.</param>
/// <param name="Period">Time between ticks.</param>
/// <param name="LastTickAt">The due time of the last tick the grain acknowledged; null before the first.</param>
/// <param name="ETag">The registration's version; re-registering changes it.</param>
public sealed record ReminderEntry(
    GrainId GrainId,
    string ReminderName,
    DateTimeOffset StartAt,
    TimeSpan Period,
    DateTimeOffset? LastTickAt,
    string ETag) : IGrainReminder;
