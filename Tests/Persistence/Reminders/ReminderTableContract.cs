using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;

namespace OrleansBackend.Tests.Persistence.Reminders;

/// <summary>
/// Every statement Orleans' ADO.NET reminder table runs, through the <see cref="IReminderTable"/> of a silo configured
/// by the project's hosting: upsert (insert, then update with a new ETag), read one, read all of a grain, read a range of
/// grain hashes both as a plain range and as one that wraps around (begin after end), delete by ETag (a stale one
/// deletes nothing) and delete all of the service.
/// </summary>
public abstract class ReminderTableContract
{
    private static readonly DateTime StartAt = new(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);

    /// <summary>The services of the silo under test.</summary>
    protected abstract IServiceProvider SiloServices { get; }

    private IReminderTable Table => SiloServices.GetRequiredService<IReminderTable>();

    [Fact]
    public void TheSiloUsesTheAdoNetReminderTable()
    {
        Assert.Equal("AdoNetReminderTable", Table.GetType().Name);
    }

    [Fact]
    public async Task EveryReminderStatementKeepsItsContract()
    {
        var table = Table;
        await table.TestOnlyClearTable();

        // Upsert: an insert, then an update of the same (grain, name) with a new ETag.
        var grain = GrainId.Create("reminder-contract", Guid.NewGuid().ToString("N"));
        var firstETag = await table.UpsertRow(Entry(grain, "tick", TimeSpan.FromMinutes(1)));
        var secondETag = await table.UpsertRow(Entry(grain, "tick", TimeSpan.FromMinutes(5)));
        Assert.NotNull(firstETag);
        Assert.NotNull(secondETag);
        Assert.NotEqual(firstETag, secondETag);
        await table.UpsertRow(Entry(grain, "tock", TimeSpan.FromMinutes(2)));

        // Read one.
        var tick = await table.ReadRow(grain, "tick");
        Assert.NotNull(tick);
        Assert.Equal(grain, tick.GrainId);
        Assert.Equal("tick", tick.ReminderName);
        Assert.Equal(TimeSpan.FromMinutes(5), tick.Period);
        Assert.Equal(StartAt.Ticks, tick.StartAt.Ticks);
        Assert.Equal(secondETag, tick.ETag);
        Assert.Null(await table.ReadRow(grain, "missing"));

        // Read all of a grain (and nothing of another grain).
        var otherGrain = GrainId.Create("reminder-contract", Guid.NewGuid().ToString("N"));
        await table.UpsertRow(Entry(otherGrain, "tick", TimeSpan.FromMinutes(1)));
        var ofGrain = await table.ReadRows(grain);
        Assert.Equal(["tick", "tock"], ofGrain.Reminders.Select(r => r.ReminderName).Order(StringComparer.Ordinal));
        Assert.All(ofGrain.Reminders, r => Assert.Equal(grain, r.GrainId));

        // Delete with a stale ETag: nothing goes. With the current one: the row goes.
        Assert.False(await table.RemoveRow(grain, "tick", firstETag));
        Assert.NotNull(await table.ReadRow(grain, "tick"));
        Assert.True(await table.RemoveRow(grain, "tick", secondETag));
        Assert.Null(await table.ReadRow(grain, "tick"));
        Assert.False(await table.RemoveRow(grain, "tick", secondETag));

        // Delete all of the service.
        await table.TestOnlyClearTable();
        Assert.Empty((await table.ReadRows(0, 0)).Reminders);
        Assert.Empty((await table.ReadRows(grain)).Reminders);
    }

    [Fact]
    public async Task RangesOfGrainHashesReadTheRemindersInThem()
    {
        var table = Table;
        await table.TestOnlyClearTable();

        // Eight grains in the order of their hashes as the table stores them (signed 32-bit), one reminder each.
        var grains = Enumerable.Range(0, 8)
            .Select(_ => GrainId.Create("reminder-range", Guid.NewGuid().ToString("N")))
            .OrderBy(g => unchecked((int)g.GetUniformHashCode()))
            .ToList();
        foreach (var grain in grains)
        {
            await table.UpsertRow(Entry(grain, "in-range", TimeSpan.FromMinutes(1)));
        }

        uint HashOf(int index) => grains[index].GetUniformHashCode();
        async Task<List<GrainId>> Range(uint begin, uint end) => [.. (await table.ReadRows(begin, end)).Reminders.Select(r => r.GrainId)];

        // A range (begin, end] with begin before end: the grains after the begin hash up to and including the end hash.
        Assert.Equal([grains[2], grains[3], grains[4]], Sorted(await Range(HashOf(1), HashOf(4)), grains));

        // A range that wraps around the ring (begin after end): from after the begin hash to the top, and from the
        // bottom up to and including the end hash.
        Assert.Equal([grains[0], grains[1], grains[6], grains[7]], Sorted(await Range(HashOf(5), HashOf(1)), grains));

        // Begin equal to end: the whole ring.
        Assert.Equal(grains, Sorted(await Range(HashOf(3), HashOf(3)), grains));
    }

    private static ReminderEntry Entry(GrainId grain, string name, TimeSpan period) =>
        new() { GrainId = grain, ReminderName = name, StartAt = StartAt, Period = period };

    private static List<GrainId> Sorted(List<GrainId> found, List<GrainId> order) => [.. found.OrderBy(order.IndexOf)];
}
