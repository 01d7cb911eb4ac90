using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansBackend.Runtime.Grains;
using OrleansBackend.Runtime.Placement;

namespace OrleansBackend.Runtime.Timers.Reminders;

/// <summary>
/// The reminder service of one silo. It keeps a timer for every reminder whose grain this silo owns (re-checked
/// when ownership changes, and re-read from the table periodically so reminders registered elsewhere are found),
/// and delivers each due tick by calling <see cref="IRemindable.ReceiveReminder"/> through a grain reference.
/// A tick counts as delivered once the grain returned; the table then records it, so a tick lost to a crash is
/// delivered again after the restart (at least once). Failed deliveries are retried with back-off.
/// </summary>
internal sealed partial class LocalReminderService : IHostedService, IReminderRegistry
{
    private readonly object _lock = new();
    private readonly Dictionary<(GrainId Grain, string Name), ArmedReminder> _armed = [];
    private readonly Dictionary<(GrainId Grain, string Name), long> _removed = [];
    private readonly SemaphoreSlim _refreshGate = new(1, 1);
    private readonly SemaphoreSlim _deliveries;
    private readonly CancellationTokenSource _stopping = new();
    private readonly IReminderTable _table;
    private readonly IGrainOwnership _ownership;
    private readonly IGrainFactory _grainFactory;
    private readonly TimeProvider _timeProvider;
    private readonly ReminderOptions _options;
    private readonly ILogger<LocalReminderService> _logger;
    private long _generation;
    private Task? _background;
    private ITimer? _refreshTimer;

    public LocalReminderService(
        IReminderTable table,
        IGrainOwnership ownership,
        IGrainFactory grainFactory,
        TimeProvider timeProvider,
        IOptions<ReminderOptions> options,
        ILogger<LocalReminderService> logger)
    {
        _table = table;
        _ownership = ownership;
        _grainFactory = grainFactory;
        _timeProvider = timeProvider;
        _options = options.Value;
        _logger = logger;
        _deliveries = new SemaphoreSlim(_options.MaxConcurrentDeliveries, _options.MaxConcurrentDeliveries);
    }

    /// <summary>How many reminders this silo has armed (for tests and diagnostics).</summary>
    public int ArmedCount
    {
        get
        {
            lock (_lock)
            {
                return _armed.Count;
            }
        }
    }

    /// <summary>When the armed reminder's timer fires next (null: not armed, or a delivery is running) — for tests.</summary>
    internal DateTimeOffset? NextAttemptAt(GrainId grainId, string reminderName)
    {
        lock (_lock)
        {
            return _armed.TryGetValue((grainId, reminderName), out var armed) ? armed.NextAttemptAt : null;
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Taken before the first read, so a change during it is not missed.
        var version = _ownership.Version;
        try
        {
            await RefreshAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            _logger.LogWarning(exception, "Loading reminders failed; trying again in {RefreshPeriod}", _options.RefreshPeriod);
        }

        // Created here, not in a background task, so a test clock advanced right after start-up already sees it.
        using (ExecutionContext.SuppressFlow())
        {
            _refreshTimer = _timeProvider.CreateTimer(_ => _ = RefreshSafelyAsync("Refreshing reminders"), null, _options.RefreshPeriod, _options.RefreshPeriod);
        }

        _background = Task.Run(() => WatchOwnershipAsync(version, _stopping.Token));
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        if (_refreshTimer is not null)
        {
            await _refreshTimer.DisposeAsync();
        }

        lock (_lock)
        {
            foreach (var armed in _armed.Values)
            {
                armed.Disarm();
            }

            _armed.Clear();
        }

        if (_background is not null)
        {
            await _background.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public async Task<IGrainReminder> RegisterOrUpdateReminderAsync(GrainId grainId, string reminderName, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentException.ThrowIfNullOrEmpty(reminderName);
        if (dueTime < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(dueTime), dueTime, "The due time must be zero or more.");
        }

        if (period < _options.MinimumPeriod)
        {
            throw new ArgumentOutOfRangeException(nameof(period), period, $"A reminder's period must be at least {ReminderOptions.SectionName}:MinimumPeriod ({_options.MinimumPeriod}); use a grain timer for shorter ones.");
        }

        // Whole milliseconds: what the table stores is what this silo schedules.
        var startAt = DateTimeOffset.FromUnixTimeMilliseconds((_timeProvider.GetUtcNow() + dueTime).ToUnixTimeMilliseconds());
        period = TimeSpan.FromMilliseconds((long)period.TotalMilliseconds);
        var etag = await _table.UpsertRowAsync(grainId, reminderName, startAt, period, _stopping.Token);
        var entry = new ReminderEntry(grainId, reminderName, startAt, period, null, etag);
        if (_ownership.IsOwnedLocally(grainId))
        {
            lock (_lock)
            {
                _removed.Remove((grainId, reminderName));
                ArmLocked(entry);
            }
        }

        return entry;
    }

    public async Task UnregisterReminderAsync(GrainId grainId, string reminderName)
    {
        await _table.RemoveRowAsync(grainId, reminderName, null, _stopping.Token);
        lock (_lock)
        {
            var key = (grainId, reminderName);
            if (_armed.Remove(key, out var armed))
            {
                armed.Disarm();
            }

            _removed[key] = ++_generation;
        }
    }

    public async Task<IGrainReminder?> GetReminderAsync(GrainId grainId, string reminderName) =>
        await _table.ReadRowAsync(grainId, reminderName, _stopping.Token);

    public async Task<IReadOnlyList<IGrainReminder>> GetRemindersAsync(GrainId grainId) =>
        await _table.ReadRowsAsync(grainId, _stopping.Token);

    /// <summary>Re-reads the table and arms what this silo owns, disarming what it no longer owns or what is gone.</summary>
    internal async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await _refreshGate.WaitAsync(cancellationToken);
        try
        {
            long readGeneration;
            lock (_lock)
            {
                readGeneration = _generation;
            }

            var rows = await _table.ReadAllAsync(cancellationToken);
            lock (_lock)
            {
                if (_stopping.IsCancellationRequested)
                {
                    return;
                }

                var owned = new HashSet<(GrainId, string)>();
                foreach (var row in rows)
                {
                    var key = (row.GrainId, row.ReminderName);
                    if (!_ownership.IsOwnedLocally(row.GrainId)
                        || (_removed.TryGetValue(key, out var removedAt) && removedAt > readGeneration))
                    {
                        continue;
                    }

                    owned.Add(key);
                    if (_armed.TryGetValue(key, out var armed) && (armed.Generation > readGeneration || armed.Entry.ETag == row.ETag))
                    {
                        // Armed after this read began (newer than the row), or unchanged: keep its local progress.
                        continue;
                    }

                    ArmLocked(row);
                }

                foreach (var (key, armed) in _armed.ToArray())
                {
                    if (!owned.Contains(key) && armed.Generation <= readGeneration)
                    {
                        armed.Disarm();
                        _armed.Remove(key);
                    }
                }

                foreach (var (key, removedAt) in _removed.ToArray())
                {
                    if (removedAt <= readGeneration)
                    {
                        _removed.Remove(key);
                    }
                }
            }
        }
        finally
        {
            _refreshGate.Release();
        }
    }

    private void ArmLocked(ReminderEntry entry)
    {
        var key = (entry.GrainId, entry.ReminderName);
        if (_armed.Remove(key, out var previous))
        {
            previous.Disarm();
        }

        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        var armed = new ArmedReminder(entry, ++_generation);
        _armed[key] = armed;

        // Ticks must not carry the execution context of whoever armed the reminder (a grain's turn).
        using (ExecutionContext.SuppressFlow())
        {
            armed.Timer = _timeProvider.CreateTimer(_ => OnTimer(armed), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        ScheduleLocked(armed, ReminderSchedule.NextTick(entry, _timeProvider.GetUtcNow()), retryDelay: null);
    }

    private void DisarmLocked(ArmedReminder armed)
    {
        armed.Disarm();
        var key = (armed.Entry.GrainId, armed.Entry.ReminderName);
        if (_armed.TryGetValue(key, out var current) && ReferenceEquals(current, armed))
        {
            _armed.Remove(key);
        }
    }

    private async Task WatchOwnershipAsync(long version, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await _ownership.WaitForChangeAsync(version, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            version = _ownership.Version;
            await RefreshSafelyAsync("Re-reading reminders after an ownership change");
        }
    }

    private async Task RefreshSafelyAsync(string what)
    {
        try
        {
            await RefreshAsync(_stopping.Token);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (Exception exception)
        {
            _logger.LogWarning(exception, "{What} failed; trying again in {RefreshPeriod}", what, _options.RefreshPeriod);
        }
    }
}
