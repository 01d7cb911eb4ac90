using System.Globalization;
using OrleansBackend.Runtime.Grains;
using OrleansBackend.Runtime.Hosting;
using OrleansBackend.Runtime.Testing;
using OrleansBackend.Runtime.Timers.Reminders;
using OrleansBackend.Tests.Infrastructure;
using OrleansBackend.Tests.Persistence.Infrastructure;
using OrleansBackend.Tests.Persistence.TestGrains;
using OrleansBackend.Tests.Runtime.TestGrains;

namespace OrleansBackend.Tests.Persistence.Reminders;

/// <summary>
/// Durable reminders on each reminder table, driven by a manual clock. A "restart" stops the silo's host and starts
/// a new one on the same database (and the same clock).
/// </summary>
public abstract class ReminderTests : IAsyncLifetime
{
    protected static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    internal static readonly Dictionary<string, string?> Settings = new()
    {
        ["Reminders:RetryDelay"] = "00:00:05",
        ["Reminders:RefreshPeriod"] = "00:10:00",
    };

    protected ManualTimeProvider Time { get; } = new();

    protected string ServiceId { get; } = "svc-" + Guid.NewGuid().ToString("N")[..12];

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Adds the default grain storage and the reminder table under test.</summary>
    protected abstract void AddStores(ISiloBuilder silo);

    protected Task<StorageSilo> StartSiloAsync(Action<ISiloBuilder>? configure = null) =>
        StorageSilo.StartAsync(
            ServiceId,
            silo =>
            {
                AddStores(silo);
                configure?.Invoke(silo);
            },
            Time,
            Settings);

    [Fact]
    public async Task ReminderTicksOnItsSchedule()
    {
        await using var silo = await StartSiloAsync();
        var key = Probe.NewKey();
        var start = Time.GetUtcNow();
        await silo.GrainFactory.GetGrain<IReminderProbeGrain>(key).Register("r", Minute, 2 * Minute);

        Time.Advance(Minute);
        await ReminderProbe.WaitForTicksAsync(key, start + Minute);
        await ReminderProbe.WaitForNextAttemptAsync(silo, key, start + 3 * Minute);
        Time.Advance(2 * Minute);
        await ReminderProbe.WaitForTicksAsync(key, start + Minute, start + 3 * Minute);
    }

    [Fact]
    public async Task ReminderKeepsFiringAfterARestart()
    {
        var key = Probe.NewKey();
        var start = Time.GetUtcNow();
        await using (var silo = await StartSiloAsync())
        {
            await silo.GrainFactory.GetGrain<IReminderProbeGrain>(key).Register("r", Minute, 2 * Minute);
            Time.Advance(Minute);
            await ReminderProbe.WaitForTicksAsync(key, start + Minute);
            await WaitForRecordedTickAsync(silo, key, start + Minute);
        }

        await using (var restarted = await StartSiloAsync())
        {
            Assert.Equal(1, restarted.GetService<LocalReminderService>().ArmedCount);
            Time.Advance(2 * Minute);
            await ReminderProbe.WaitForTicksAsync(key, start + Minute, start + 3 * Minute);
        }
    }

    [Fact]
    public async Task TickMissedWhileNoSiloRanFiresOnceOnLoad()
    {
        var key = Probe.NewKey();
        var start = Time.GetUtcNow();
        await using (var silo = await StartSiloAsync())
        {
            await silo.GrainFactory.GetGrain<IReminderProbeGrain>(key).Register("r", Minute, 10 * Minute);
            Time.Advance(Minute);
            await ReminderProbe.WaitForTicksAsync(key, start + Minute);
            await WaitForRecordedTickAsync(silo, key, start + Minute);
        }

        // Down for 25 minutes: the ticks at 11 and 21 minutes were missed; the latest is delivered, once, at start-up.
        Time.Advance(25 * Minute);
        await using var restarted = await StartSiloAsync();
        await ReminderProbe.WaitForTicksAsync(key, start + Minute, start + 21 * Minute);
        await ReminderProbe.WaitForNextAttemptAsync(restarted, key, start + 31 * Minute);
        Time.Advance(5 * Minute);
        await ReminderProbe.WaitForTicksAsync(key, start + Minute, start + 21 * Minute, start + 31 * Minute);
    }

    [Fact]
    public async Task UnregisteredReminderStopsTicking()
    {
        await using var silo = await StartSiloAsync();
        var key = Probe.NewKey();
        var start = Time.GetUtcNow();
        var grain = silo.GrainFactory.GetGrain<IReminderProbeGrain>(key);
        await grain.Register("r", Minute, Minute);
        Time.Advance(Minute);
        await ReminderProbe.WaitForTicksAsync(key, start + Minute);
        Assert.Equal("r", await grain.Find("r"));

        await grain.Unregister("r");
        Assert.Null(await grain.Find("r"));
        Assert.Equal(0, silo.GetService<LocalReminderService>().ArmedCount);
        Time.Advance(5 * Minute);
        Assert.Single(ReminderProbe.Ticks(key));
    }

    [Fact]
    public async Task ReminderThatUnregistersItselfTicksOnce()
    {
        await using var silo = await StartSiloAsync();
        var key = Probe.NewKey();
        var start = Time.GetUtcNow();
        var grain = silo.GrainFactory.GetGrain<IReminderProbeGrain>(key);
        await grain.RegisterOneShot("expire", 2 * Minute, Minute);

        Time.Advance(2 * Minute);
        await ReminderProbe.WaitForTicksAsync(key, start + 2 * Minute);
        await Eventually.True(async () => await grain.Find("expire") is null, "the reminder is gone");
        await Eventually.True(() => silo.GetService<LocalReminderService>().ArmedCount == 0, "nothing is armed");
        Time.Advance(5 * Minute);
        Assert.Single(ReminderProbe.Ticks(key));
    }

    [Fact]
    public async Task FailedDeliveryIsRetriedUntilTheGrainTakesIt()
    {
        await using var silo = await StartSiloAsync();
        var key = Probe.NewKey();
        var start = Time.GetUtcNow();
        var grain = silo.GrainFactory.GetGrain<IReminderProbeGrain>(key);
        await grain.FailNext(2);
        await grain.Register("r", Minute, 10 * Minute);

        Time.Advance(Minute);
        await ReminderProbe.WaitForNextAttemptAsync(silo, key, start + Minute + TimeSpan.FromSeconds(5));
        Time.Advance(TimeSpan.FromSeconds(5));
        await ReminderProbe.WaitForNextAttemptAsync(silo, key, start + Minute + TimeSpan.FromSeconds(15));
        Assert.Equal(2, Probe.Entries(key).Count(e => e.StartsWith("failed", StringComparison.Ordinal)));
        Time.Advance(TimeSpan.FromSeconds(10));
        await ReminderProbe.WaitForTicksAsync(key, start + Minute);
        await ReminderProbe.WaitForNextAttemptAsync(silo, key, start + 11 * Minute);
    }

    [Fact]
    public async Task PeriodBelowTheMinimumIsRejected()
    {
        await using var silo = await StartSiloAsync();
        var grain = silo.GrainFactory.GetGrain<IReminderProbeGrain>(Probe.NewKey());
        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => grain.Register("r", TimeSpan.Zero, TimeSpan.FromSeconds(5)));
        Assert.Contains("Reminders:MinimumPeriod", error.Message, StringComparison.Ordinal);
    }

    private static Task WaitForRecordedTickAsync(StorageSilo silo, string key, DateTimeOffset tick) =>
        Eventually.True(
            async () => (await silo.GetService<IReminderTable>().ReadRowAsync(new GrainId("reminderprobe", key), "r", CancellationToken.None))?.LastTickAt == tick,
            "the tick was recorded");
}
