using System.Globalization;
using OrleansBackend.Runtime.Grains;
using OrleansBackend.Runtime.Timers.Reminders;
using OrleansBackend.Tests.Runtime.TestGrains;

namespace OrleansBackend.Tests.Persistence.TestGrains;

public interface IReminderProbeGrain : IGrainWithStringKey, IRemindable
{
    Task Register(string reminderName, TimeSpan dueTime, TimeSpan period);

    Task Unregister(string reminderName);

    Task<string?> Find(string reminderName);

    /// <summary>The next <paramref name="count"/> deliveries throw (to test redelivery).</summary>
    Task FailNext(int count);

    /// <summary>The reminder unregisters itself on its first tick (a one-shot, as sessions use to expire).</summary>
    Task RegisterOneShot(string reminderName, TimeSpan dueTime, TimeSpan period);
}

/// <summary>Logs every tick to <see cref="Probe"/> under its key as "tick:name:time".</summary>
public sealed class ReminderProbeGrain : Grain, IReminderProbeGrain
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> FailuresLeft = new();
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> OneShots = new();

    public Task Register(string reminderName, TimeSpan dueTime, TimeSpan period) => RegisterOrUpdateReminder(reminderName, dueTime, period);

    public async Task RegisterOneShot(string reminderName, TimeSpan dueTime, TimeSpan period)
    {
        OneShots[Key(reminderName)] = true;
        await RegisterOrUpdateReminder(reminderName, dueTime, period);
    }

    public async Task Unregister(string reminderName)
    {
        if (await GetReminder(reminderName) is { } reminder)
        {
            await UnregisterReminder(reminder);
        }
    }

    public async Task<string?> Find(string reminderName) => (await GetReminder(reminderName))?.ReminderName;

    public Task FailNext(int count)
    {
        FailuresLeft[this.GetPrimaryKeyString()] = count;
        return Task.CompletedTask;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        var key = this.GetPrimaryKeyString();
        if (FailuresLeft.TryGetValue(key, out var left) && left > 0)
        {
            FailuresLeft[key] = left - 1;
            Probe.Log(key, $"failed:{reminderName}");
            throw new InvalidOperationException("Injected reminder failure.");
        }

        Probe.Log(key, $"tick:{reminderName}:{status.CurrentTickTime.ToString("o", CultureInfo.InvariantCulture)}");
        if (OneShots.TryRemove(Key(reminderName), out _) && await GetReminder(reminderName) is { } reminder)
        {
            await UnregisterReminder(reminder);
        }
    }

    private string Key(string reminderName) => this.GetPrimaryKeyString() + "/" + reminderName;
}
