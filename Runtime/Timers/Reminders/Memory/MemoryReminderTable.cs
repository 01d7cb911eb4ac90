using System.Globalization;
using OrleansBackend.Runtime.Grains;

namespace OrleansBackend.Runtime.Timers.Reminders.Memory;

/// <summary>
/// A reminder table in process memory, for tests and single-process setups; share one instance between hosts to
/// simulate a restart. Nothing survives the process.
/// </summary>
public sealed class MemoryReminderTable : IReminderTable
{
    private readonly object _lock = new();
    private readonly Dictionary<(GrainId Grain, string Name), ReminderEntry> _rows = [];
    private long _version;

    /// <summary>How many reminders are stored (for tests).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _rows.Count;
            }
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ReminderEntry>> ReadAllAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<ReminderEntry>>([.. _rows.Values]);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ReminderEntry>> ReadRowsAsync(GrainId grainId, CancellationToken cancellationToken)
    {
        var result = new List<ReminderEntry>();
        lock (_lock)
        {
            foreach (var row in _rows.Values)
            {
                if (row.GrainId == grainId)
                {
                    result.Add(row);
                }
            }
        }

        return Task.FromResult<IReadOnlyList<ReminderEntry>>(result);
    }

    /// <inheritdoc />
    public Task<ReminderEntry?> ReadRowAsync(GrainId grainId, string reminderName, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_rows.GetValueOrDefault((grainId, reminderName)));
        }
    }

    /// <inheritdoc />
    public Task<string> UpsertRowAsync(GrainId grainId, string reminderName, DateTimeOffset startAt, TimeSpan period, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var etag = (++_version).ToString(CultureInfo.InvariantCulture);
            _rows[(grainId, reminderName)] = new ReminderEntry(grainId, reminderName, startAt, period, null, etag);
            return Task.FromResult(etag);
        }
    }

    /// <inheritdoc />
    public Task<bool> RemoveRowAsync(GrainId grainId, string reminderName, string? eTag, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var key = (grainId, reminderName);
            var removed = _rows.TryGetValue(key, out var row) && (eTag is null || row.ETag == eTag) && _rows.Remove(key);
            return Task.FromResult(removed);
        }
    }

    /// <inheritdoc />
    public Task<bool> RecordTickAsync(GrainId grainId, string reminderName, string eTag, DateTimeOffset tickTime, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var key = (grainId, reminderName);
            if (!_rows.TryGetValue(key, out var row) || row.ETag != eTag)
            {
                return Task.FromResult(false);
            }

            if (row.LastTickAt is null || row.LastTickAt < tickTime)
            {
                _rows[key] = row with { LastTickAt = tickTime };
            }

            return Task.FromResult(true);
        }
    }
}
