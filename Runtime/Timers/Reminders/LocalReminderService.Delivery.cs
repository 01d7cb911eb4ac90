using Microsoft.Extensions.Logging;

namespace OrleansBackend.Runtime.Timers.Reminders;

/// <summary>Delivery of ticks: scheduling, calling the grain, recording acknowledged ticks, retrying failures.</summary>
internal sealed partial class LocalReminderService
{
    private void ScheduleLocked(ArmedReminder armed, DateTimeOffset tick, TimeSpan? retryDelay)
    {
        armed.DueTick = tick;
        var now = _timeProvider.GetUtcNow();
        var delay = retryDelay ?? tick - now;
        if (delay <= TimeSpan.Zero)
        {
            armed.NextAttemptAt = null;
            // Already due (a tick missed while no silo owned the grain): deliver now, whatever the clock does next.
            OnTimer(armed);
            return;
        }

        armed.NextAttemptAt = now + delay;
        armed.Timer?.Change(delay, Timeout.InfiniteTimeSpan);
    }

    private void OnTimer(ArmedReminder armed) => _ = Task.Run(() => DeliverAsync(armed));

    private async Task DeliverAsync(ArmedReminder armed)
    {
        ReminderEntry entry;
        DateTimeOffset tick;
        lock (_lock)
        {
            if (armed.Disarmed)
            {
                return;
            }

            armed.NextAttemptAt = null;
            entry = armed.Entry;
            tick = armed.DueTick;
            if (!_ownership.IsOwnedLocally(entry.GrainId))
            {
                // Ownership moved and the watcher has not caught up yet: the new owner delivers it.
                DisarmLocked(armed);
                return;
            }
        }

        try
        {
            var status = new TickStatus(entry.StartAt.UtcDateTime, entry.Period, tick.UtcDateTime);
            await _deliveries.WaitAsync(_stopping.Token);
            try
            {
                await _grainFactory.GetGrain<IRemindable>(entry.GrainId).ReceiveReminder(entry.ReminderName, status);
            }
            finally
            {
                _deliveries.Release();
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            return;
        }
        catch (Exception exception)
        {
            lock (_lock)
            {
                if (armed.Disarmed)
                {
                    return;
                }

                armed.FailedAttempts++;
                var backOff = TimeSpan.FromTicks(Math.Min(_options.RetryDelay.Ticks << Math.Min(armed.FailedAttempts - 1, 20), entry.Period.Ticks));
                _logger.LogWarning(exception, "Reminder {ReminderName} of {GrainId} failed (attempt {Attempt}); retrying in {Delay}", entry.ReminderName, entry.GrainId, armed.FailedAttempts, backOff);
                ScheduleLocked(armed, tick, backOff);
            }

            return;
        }

        await RecordDeliveryAsync(armed, entry, tick);
    }

    private async Task RecordDeliveryAsync(ArmedReminder armed, ReminderEntry entry, DateTimeOffset tick)
    {
        var recorded = true;
        ReminderEntry? current = null;
        try
        {
            recorded = await _table.RecordTickAsync(entry.GrainId, entry.ReminderName, entry.ETag, tick, _stopping.Token);
            if (!recorded)
            {
                current = await _table.ReadRowAsync(entry.GrainId, entry.ReminderName, _stopping.Token);
            }
        }
        catch (Exception exception) when (!_stopping.IsCancellationRequested)
        {
            // Delivered but not recorded: keep going from memory; after a restart the tick comes again (at least once).
            _logger.LogWarning(exception, "Recording a tick of reminder {ReminderName} of {GrainId} failed", entry.ReminderName, entry.GrainId);
            recorded = true;
        }
        catch (OperationCanceledException)
        {
            return;
        }

        lock (_lock)
        {
            if (armed.Disarmed)
            {
                return;
            }

            if (!recorded)
            {
                // Re-registered or removed meanwhile (by the grain itself, or elsewhere): follow the table.
                if (current is null)
                {
                    DisarmLocked(armed);
                }
                else
                {
                    ArmLocked(current);
                }

                return;
            }

            armed.FailedAttempts = 0;
            armed.Entry = entry with { LastTickAt = tick };
            ScheduleLocked(armed, ReminderSchedule.NextTick(armed.Entry, _timeProvider.GetUtcNow()), retryDelay: null);
        }
    }
}
