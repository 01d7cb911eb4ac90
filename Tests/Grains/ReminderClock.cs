using Microsoft.Extensions.Time.Testing;
using Orleans;
using Orleans.Runtime;
using OrleansBackend.Tests.Infrastructure;

namespace OrleansBackend.Tests.Grains;

/// <summary>
/// Moves a fake clock past a grain's reminder ticks the way a silo's clock passes them. The reminder service loads a
/// reminder from its table only in the last ten minutes before it is due (it reads the table every five minutes), so a
/// tick that one jump of the clock stepped right over would be skipped: time jumps to nine minutes before each tick and
/// then passes it in steps of ten seconds, until the tick has changed the reminder's row (moved or removed it).
/// </summary>
public sealed class ReminderClock(FakeTimeProvider clock, ClusterStores stores, IAddressable grain, string reminderName)
{
    private static readonly TimeSpan Lead = TimeSpan.FromMinutes(9);
    /// <summary>How far the clock moves at a time near a tick.</summary>
    public static readonly TimeSpan Step = TimeSpan.FromSeconds(10);

    /// <summary>Moves the clock on by <paramref name="duration"/>, passing every tick due on the way.</summary>
    public async Task AdvanceAsync(TimeSpan duration)
    {
        var target = clock.GetUtcNow() + duration;
        while (await stores.ReminderAsync(grain, reminderName) is { } row && NextDue(row) <= target)
        {
            await PassTickAsync(row);
        }

        if (clock.GetUtcNow() < target)
        {
            clock.Advance(target - clock.GetUtcNow());
        }
    }

    /// <summary>Moves the clock through the reminder's next tick; returns its row afterwards (null once removed).</summary>
    public async Task<ReminderEntry?> PassNextTickAsync()
    {
        var row = await stores.ReminderAsync(grain, reminderName) ?? throw new InvalidOperationException($"{grain.GetGrainId()} has no reminder {reminderName}.");
        await PassTickAsync(row);
        return await stores.ReminderAsync(grain, reminderName);
    }

    private async Task PassTickAsync(ReminderEntry row)
    {
        var lead = NextDue(row) - Lead;
        if (clock.GetUtcNow() < lead)
        {
            clock.Advance(lead - clock.GetUtcNow());
        }

        await Eventually.True(
            async () =>
            {
                if (await stores.ReminderAsync(grain, reminderName) is not { } now || now.StartAt != row.StartAt || now.ETag != row.ETag)
                {
                    return true;
                }

                clock.Advance(Step);
                return false;
            },
            $"the {reminderName} reminder of {grain.GetGrainId()} due at {NextDue(row):O} ticked");
    }

    /// <summary>The reminder's first tick at or after now: its start, or the next whole period after it.</summary>
    private DateTimeOffset NextDue(ReminderEntry row)
    {
        var start = new DateTimeOffset(DateTime.SpecifyKind(row.StartAt, DateTimeKind.Utc));
        var now = clock.GetUtcNow();
        if (start >= now || row.Period <= TimeSpan.Zero)
        {
            return start;
        }

        var periods = (long)Math.Ceiling((now - start) / row.Period);
        return start + (row.Period * periods);
    }
}
