using OrleansBackend.Runtime.Grains;

namespace OrleansBackend.Runtime.Timers.Reminders;

/// <summary>
/// Durable storage of the reminders of one service (the silo's <c>Silo:ServiceId</c>). Implementations: in memory
/// (tests), and the ADO.NET table in the grain-state database (PostgreSQL, SQLite).
/// </summary>
public interface IReminderTable
{
    /// <summary>Every reminder of the service (each silo keeps the ones whose grains it owns).</summary>
    Task<IReadOnlyList<ReminderEntry>> ReadAllAsync(CancellationToken cancellationToken);

    /// <summary>The reminders of one grain.</summary>
    Task<IReadOnlyList<ReminderEntry>> ReadRowsAsync(GrainId grainId, CancellationToken cancellationToken);

    /// <summary>One reminder, or null.</summary>
    Task<ReminderEntry?> ReadRowAsync(GrainId grainId, string reminderName, CancellationToken cancellationToken);

    /// <summary>Creates or replaces a reminder (its acknowledged tick is reset) and returns its new etag.</summary>
    Task<string> UpsertRowAsync(GrainId grainId, string reminderName, DateTimeOffset startAt, TimeSpan period, CancellationToken cancellationToken);

    /// <summary>Removes a reminder; with an etag only that registration. True when a row was removed.</summary>
    Task<bool> RemoveRowAsync(GrainId grainId, string reminderName, string? eTag, CancellationToken cancellationToken);

    /// <summary>
    /// Records that the grain acknowledged the tick due at <paramref name="tickTime"/>, if the registration is
    /// still <paramref name="eTag"/>. False when it changed or disappeared meanwhile.
    /// </summary>
    Task<bool> RecordTickAsync(GrainId grainId, string reminderName, string eTag, DateTimeOffset tickTime, CancellationToken cancellationToken);
}
