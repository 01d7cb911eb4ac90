using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OrleansBackend.Runtime.Grains;
using OrleansBackend.Runtime.Hosting;
using OrleansBackend.Runtime.Persistence;
using OrleansBackend.Runtime.Persistence.Memory;
using OrleansBackend.Runtime.Placement;
using OrleansBackend.Runtime.Timers.Reminders;
using OrleansBackend.Runtime.Timers.Reminders.Memory;
using OrleansBackend.Runtime.Testing;
using OrleansBackend.Tests.Infrastructure;
using OrleansBackend.Tests.Persistence.Infrastructure;
using OrleansBackend.Tests.Runtime.TestGrains;

namespace OrleansBackend.Tests.Persistence.Reminders;

/// <summary>A silo arms only the reminders of grains it owns, follows ownership changes, and finds reminders registered elsewhere.</summary>
public sealed class ReminderOwnershipTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private readonly MemoryReminderTable _table = new();
    private readonly MemoryGrainStorage _storage = new();
    private readonly FakeOwnership _ownership = new();

    private ManualTimeProvider Time { get; } = new();

    private Task<StorageSilo> StartSiloAsync() =>
        StorageSilo.StartAsync(
            "svc-" + Guid.NewGuid().ToString("N")[..12],
            silo =>
            {
                silo.AddMemoryGrainStorage(GrainStorageNames.Default, _storage);
                silo.AddMemoryReminderTable(_table);
                silo.Services.RemoveAll<IGrainOwnership>();
                silo.Services.AddSingleton<IGrainOwnership>(_ownership);
            },
            Time,
            ReminderTests.Settings);

    [Fact]
    public async Task OnlyRemindersOfOwnedGrainsAreArmedAndOwnershipChangesAreFollowed()
    {
        var mine = new GrainId("reminderprobe", Probe.NewKey());
        var theirs = new GrainId("reminderprobe", Probe.NewKey());
        var start = Time.GetUtcNow() + Minute;
        await _table.UpsertRowAsync(mine, "r", start, 10 * Minute, CancellationToken.None);
        await _table.UpsertRowAsync(theirs, "r", start, 10 * Minute, CancellationToken.None);
        _ownership.Own(mine);

        await using var silo = await StartSiloAsync();
        var service = silo.GetService<LocalReminderService>();
        Assert.Equal(1, service.ArmedCount);
        Time.Advance(Minute);
        await ReminderProbe.WaitForTicksAsync(mine.Key, start);
        Assert.Empty(ReminderProbe.Ticks(theirs.Key));

        // The other silo left: this one owns both now and delivers the tick the other never did.
        _ownership.Own(theirs);
        await ReminderProbe.WaitForTicksAsync(theirs.Key, start);
        Assert.Equal(2, service.ArmedCount);

        _ownership.Disown(mine);
        await Eventually.True(() => service.ArmedCount == 1, "the reminder of a grain no longer owned is disarmed");
        await ReminderProbe.WaitForNextAttemptAsync(silo, theirs.Key, start + 10 * Minute);
        Time.Advance(10 * Minute);
        await ReminderProbe.WaitForTicksAsync(theirs.Key, start, start + 10 * Minute);
        Assert.Single(ReminderProbe.Ticks(mine.Key));
    }

    [Fact]
    public async Task ReminderRegisteredByAnotherSiloIsFoundByThePeriodicRefresh()
    {
        // Owned from the start: only the periodic refresh (not an ownership change) can find the row.
        var grain = new GrainId("reminderprobe", Probe.NewKey());
        _ownership.Own(grain);
        await using var silo = await StartSiloAsync();
        var start = Time.GetUtcNow() + 20 * Minute;
        await _table.UpsertRowAsync(grain, "r", start, 10 * Minute, CancellationToken.None);
        Assert.Equal(0, silo.GetService<LocalReminderService>().ArmedCount);

        Time.Advance(10 * Minute);
        await Eventually.True(() => silo.GetService<LocalReminderService>().ArmedCount == 1, "the refresh armed the reminder");
        Time.Advance(10 * Minute);
        await ReminderProbe.WaitForTicksAsync(grain.Key, start);
    }

    /// <summary>Ownership decided by the test; every change bumps the version and wakes waiters.</summary>
    private sealed class FakeOwnership : IGrainOwnership
    {
        private readonly object _lock = new();
        private readonly HashSet<GrainId> _owned = [];
        private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private long _version = 1;

        public long Version
        {
            get
            {
                lock (_lock)
                {
                    return _version;
                }
            }
        }

        public void Own(GrainId grainId) => Change(() => _owned.Add(grainId));

        public void Disown(GrainId grainId) => Change(() => _owned.Remove(grainId));

        public bool IsOwnedLocally(GrainId grainId)
        {
            lock (_lock)
            {
                return _owned.Contains(grainId);
            }
        }

        public bool IsOwnedLocally(string resource, int partition) => true;

        public async Task WaitForChangeAsync(long knownVersion, CancellationToken cancellationToken)
        {
            Task changed;
            lock (_lock)
            {
                if (_version > knownVersion)
                {
                    return;
                }

                changed = _changed.Task;
            }

            await changed.WaitAsync(cancellationToken);
        }

        private void Change(Action change)
        {
            TaskCompletionSource previous;
            lock (_lock)
            {
                change();
                _version++;
                previous = _changed;
                _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            previous.SetResult();
        }
    }
}
