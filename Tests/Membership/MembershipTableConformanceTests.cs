using OrleansBackend.Runtime.Membership;
using OrleansBackend.Tests.Infrastructure;
using static OrleansBackend.Tests.Membership.MembershipTestData;

namespace OrleansBackend.Tests.Membership;

/// <summary>
/// The semantics every <see cref="IMembershipTable"/> must share, run against each provider. Every test uses its own
/// cluster ids, so the suites run in parallel against one server.
/// </summary>
public abstract class MembershipTableConformanceTests : IAsyncLifetime
{
    private const int Clients = 6;
    private readonly List<(IMembershipTable Table, bool Initialized)> _tables = [];
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(1));

    protected const string ServiceId = "tests";

    /// <summary>This test's cluster id.</summary>
    protected string ClusterId { get; } = NewClusterId();

    protected CancellationToken Ct => _timeout.Token;

    public static string NewClusterId() => "c-" + Guid.NewGuid().ToString("N")[..16];

    /// <summary>
    /// A new client of the cluster's table (not initialized). Two calls with one cluster id must give clients of the
    /// same table — separate connections where the provider has them.
    /// </summary>
    protected abstract IMembershipTable CreateTable(string clusterId);

    /// <summary>A new, initialized client of the cluster's table, cleaned up after the test.</summary>
    protected Task<IMembershipTable> TableAsync(string? clusterId = null) => InitializedAsync(CreateTable(clusterId ?? ClusterId));

    /// <summary>Initializes a table the test created itself; its cluster is deleted after the test.</summary>
    protected async Task<T> InitializedAsync<T>(T table)
        where T : IMembershipTable
    {
        var index = _tables.Count;
        _tables.Add((table, false));
        await table.InitializeAsync(Ct);
        _tables[index] = (table, true);
        return table;
    }

    /// <summary>Remembers a table the test created itself, for disposal.</summary>
    protected T Track<T>(T table)
        where T : IMembershipTable
    {
        _tables.Add((table, false));
        return table;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var (table, initialized) in _tables)
        {
            if (initialized)
            {
                await table.DeleteClusterAsync(CancellationToken.None);
            }

            if (table is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync();
            }
        }

        _timeout.Dispose();
    }

    [Fact]
    public async Task InsertAtTheCurrentVersionSucceedsAndBumpsTheVersion()
    {
        var table = await TableAsync();
        var empty = await table.ReadAllAsync(Ct);
        Assert.Equal(0, empty.Version);
        Assert.Empty(empty.Entries);

        Assert.True(await table.InsertRowAsync(Entry(1), 0, Ct));
        Assert.True(await table.InsertRowAsync(Entry(2), 1, Ct));

        var snapshot = await table.ReadAllAsync(Ct);
        Assert.Equal(2, snapshot.Version);
        AssertSameEntry(Entry(1), Row(snapshot, Address(1)).Entry);
        AssertSameEntry(Entry(2), Row(snapshot, Address(2)).Entry);
    }

    [Fact]
    public async Task InsertAtAStaleOrFutureVersionFails()
    {
        var table = await TableAsync();
        Assert.True(await table.InsertRowAsync(Entry(1), 0, Ct));

        Assert.False(await table.InsertRowAsync(Entry(2), 0, Ct));
        Assert.False(await table.InsertRowAsync(Entry(2), 5, Ct));

        var snapshot = await table.ReadAllAsync(Ct);
        Assert.Equal(1, snapshot.Version);
        Assert.Equal(Address(1), Assert.Single(snapshot.Entries).Entry.Address);
    }

    [Fact]
    public async Task ASecondInsertOfTheSameSiloFails()
    {
        var table = await TableAsync();
        Assert.True(await table.InsertRowAsync(Entry(1), 0, Ct));

        Assert.False(await table.InsertRowAsync(Entry(1) with { SiloName = "impostor" }, 1, Ct));

        var snapshot = await table.ReadAllAsync(Ct);
        Assert.Equal(1, snapshot.Version);
        AssertSameEntry(Entry(1), Assert.Single(snapshot.Entries).Entry);
    }

    [Fact]
    public async Task ConcurrentInsertsAtOneVersionHaveExactlyOneWinner()
    {
        var clients = new List<IMembershipTable>();
        for (var i = 0; i < Clients; i++)
        {
            clients.Add(await TableAsync());
        }

        for (var round = 0; round < 5; round++)
        {
            var version = (await clients[0].ReadAllAsync(Ct)).Version;
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var attempts = clients.Select((client, i) => Task.Run(async () =>
            {
                await start.Task;
                return await client.InsertRowAsync(Entry((round * 100) + i), version, Ct);
            })).ToList();
            start.SetResult();
            var results = await Task.WhenAll(attempts);

            var winner = Assert.Single(Enumerable.Range(0, Clients), i => results[i]);
            var snapshot = await clients[0].ReadAllAsync(Ct);
            Assert.Equal(version + 1, snapshot.Version);
            Assert.Equal(round + 1, snapshot.Entries.Count);
            Row(snapshot, Address((round * 100) + winner));
        }
    }

    [Fact]
    public async Task ConcurrentUpdatesOfOneVersionHaveExactlyOneWinner()
    {
        var clients = new List<IMembershipTable>();
        for (var i = 0; i < Clients; i++)
        {
            clients.Add(await TableAsync());
        }

        Assert.True(await clients[0].InsertRowAsync(Entry(1), 0, Ct));
        Assert.True(await clients[0].InsertRowAsync(Entry(2), 1, Ct));

        for (var round = 0; round < 5; round++)
        {
            var before = await clients[0].ReadAllAsync(Ct);
            var rows = new[] { Row(before, Address(1)), Row(before, Address(2)) };
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

            // Half the clients update silo 1, half silo 2, all at the same table version.
            var attempts = clients.Select((client, i) => Task.Run(async () =>
            {
                await start.Task;
                var row = rows[i % 2];
                return await client.UpdateRowAsync(row.Entry with { SiloName = $"round-{round}-client-{i}" }, row.Etag, before.Version, Ct);
            })).ToList();
            start.SetResult();
            var results = await Task.WhenAll(attempts);

            var winner = Assert.Single(Enumerable.Range(0, Clients), i => results[i]);
            var after = await clients[0].ReadAllAsync(Ct);
            Assert.Equal(before.Version + 1, after.Version);
            Assert.Equal($"round-{round}-client-{winner}", Row(after, Address((winner % 2) + 1)).Entry.SiloName);
        }
    }

    [Fact]
    public async Task UpdateWithAWrongEtagFails()
    {
        var table = await TableAsync();
        Assert.True(await table.InsertRowAsync(Entry(1), 0, Ct));
        Assert.True(await table.InsertRowAsync(Entry(2), 1, Ct));
        var snapshot = await table.ReadAllAsync(Ct);
        var one = Row(snapshot, Address(1));
        var two = Row(snapshot, Address(2));
        Assert.NotEqual(one.Etag, two.Etag);

        var changed = one.Entry with { Status = SiloStatus.ShuttingDown };
        Assert.False(await table.UpdateRowAsync(changed, two.Etag, snapshot.Version, Ct));
        Assert.False(await table.UpdateRowAsync(changed, "not-an-etag", snapshot.Version, Ct));
        Assert.False(await table.UpdateRowAsync(changed, "", snapshot.Version, Ct));

        var after = await table.ReadAllAsync(Ct);
        Assert.Equal(snapshot.Version, after.Version);
        Assert.Equal(SiloStatus.Active, Row(after, Address(1)).Entry.Status);
        Assert.Equal(one.Etag, Row(after, Address(1)).Etag);
    }

    [Fact]
    public async Task UpdateWithAStaleVersionFails()
    {
        var table = await TableAsync();
        Assert.True(await table.InsertRowAsync(Entry(1), 0, Ct));
        var stale = await table.ReadAllAsync(Ct);
        var row = Row(stale, Address(1));
        Assert.True(await table.InsertRowAsync(Entry(2), 1, Ct));

        var changed = row.Entry with { Status = SiloStatus.ShuttingDown };
        Assert.False(await table.UpdateRowAsync(changed, row.Etag, stale.Version, Ct));
        Assert.Equal(SiloStatus.Active, Row(await table.ReadAllAsync(Ct), Address(1)).Entry.Status);

        // The same etag at the current version still works: only the version moved.
        Assert.True(await table.UpdateRowAsync(changed, row.Etag, stale.Version + 1, Ct));
        var after = await table.ReadAllAsync(Ct);
        Assert.Equal(3, after.Version);
        Assert.Equal(SiloStatus.ShuttingDown, Row(after, Address(1)).Entry.Status);
        Assert.NotEqual(row.Etag, Row(after, Address(1)).Etag);
    }

    [Fact]
    public async Task UpdateOfAMissingSiloFails()
    {
        var table = await TableAsync();
        Assert.True(await table.InsertRowAsync(Entry(1), 0, Ct));
        var etag = Row(await table.ReadAllAsync(Ct), Address(1)).Etag;

        Assert.False(await table.UpdateRowAsync(Entry(2), etag, 1, Ct));

        var after = await table.ReadAllAsync(Ct);
        Assert.Equal(1, after.Version);
        Assert.Single(after.Entries);
    }

    [Fact]
    public async Task HeartbeatChangesNeitherVersionNorEtagAndAConditionalUpdateStillSucceeds()
    {
        var table = await TableAsync();
        var heartbeater = await TableAsync();
        Assert.True(await table.InsertRowAsync(Entry(1), 0, Ct));
        var before = await table.ReadAllAsync(Ct);
        var row = Row(before, Address(1));

        await heartbeater.UpdateIAmAliveAsync(Address(1), T0.AddSeconds(10), Ct);

        var after = await table.ReadAllAsync(Ct);
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(row.Etag, Row(after, Address(1)).Etag);
        Assert.Equal(T0.AddSeconds(10), Row(after, Address(1)).Entry.IAmAliveTime);

        // The update was prepared from the snapshot taken before the heartbeat.
        var dead = row.Entry with { Status = SiloStatus.Dead };
        Assert.True(await table.UpdateRowAsync(dead, row.Etag, before.Version, Ct));
        AssertSameEntry(dead, Row(await table.ReadAllAsync(Ct), Address(1)).Entry);
    }

    [Fact]
    public async Task HeartbeatOfAnUnknownSiloChangesNothing()
    {
        var table = await TableAsync();
        Assert.True(await table.InsertRowAsync(Entry(1), 0, Ct));

        await table.UpdateIAmAliveAsync(Address(2), T0.AddSeconds(10), Ct);

        var snapshot = await table.ReadAllAsync(Ct);
        Assert.Equal(1, snapshot.Version);
        AssertSameEntry(Entry(1), Assert.Single(snapshot.Entries).Entry);
    }

    [Fact]
    public async Task ConditionalUpdatesSucceedWhileAnotherSiloHeartbeats()
    {
        var table = await TableAsync();
        var heartbeater = await TableAsync();
        Assert.True(await table.InsertRowAsync(Entry(1), 0, Ct));
        Assert.True(await table.InsertRowAsync(Entry(2), 1, Ct));
        using var stop = new CancellationTokenSource();
        var heartbeats = 0;
        var beating = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await heartbeater.UpdateIAmAliveAsync(Address(2), T0.AddMilliseconds(Interlocked.Increment(ref heartbeats)), Ct);
                await heartbeater.UpdateIAmAliveAsync(Address(1), T0.AddMilliseconds(heartbeats), Ct);
                await Task.Yield();
            }
        });

        try
        {
            await Eventually.True(() => Volatile.Read(ref heartbeats) > 0, "the other silo heartbeats");
            for (var i = 0; i < 30; i++)
            {
                var snapshot = await table.ReadAllAsync(Ct);
                var row = Row(snapshot, Address(1));
                Assert.True(
                    await table.UpdateRowAsync(row.Entry with { SiloName = $"update-{i}" }, row.Etag, snapshot.Version, Ct),
                    $"update {i} failed while only heartbeats ran");
            }
        }
        finally
        {
            stop.Cancel();
            await beating;
        }

        var final = await table.ReadAllAsync(Ct);
        Assert.Equal(32, final.Version);
        Assert.Equal("update-29", Row(final, Address(1)).Entry.SiloName);
    }

    [Fact]
    public async Task ReadReturnsEveryRowWithEveryFieldIntact()
    {
        var table = await TableAsync();
        var plus2 = TimeSpan.FromHours(2);
        var voted = new MembershipEntry
        {
            Address = new SiloAddress("silo-a.example", 11111, 1_795_000_123_456),
            SiloName = "silo a ✓",
            Status = SiloStatus.Joining,
            GatewayPort = 30000,
            ManagementPort = 0,
            StartTime = new DateTimeOffset(2026, 1, 2, 3, 4, 5, 678, plus2),
            IAmAliveTime = new DateTimeOffset(2026, 1, 2, 3, 5, 6, 789, TimeSpan.Zero),
            Suspicions =
            [
                new SuspectVote(Address(2), T0.AddSeconds(1)),
                new SuspectVote(Address(3), T0.AddSeconds(2).AddMilliseconds(1)),
            ],
        };
        var entries = new[]
        {
            voted,
            Entry(2, SiloStatus.Active),
            Entry(3, SiloStatus.ShuttingDown),
            Entry(4, SiloStatus.Dead) with { GatewayPort = 0 },
        };
        for (var i = 0; i < entries.Length; i++)
        {
            Assert.True(await table.InsertRowAsync(entries[i] with { Suspicions = [] }, i, Ct));
        }

        // Votes arrive by update, as in a real cluster.
        var snapshot = await table.ReadAllAsync(Ct);
        Assert.True(await table.UpdateRowAsync(voted, Row(snapshot, voted.Address).Etag, snapshot.Version, Ct));

        var read = await table.ReadAllAsync(Ct);
        Assert.Equal(entries.Length + 1, read.Version);
        Assert.Equal(entries.Length, read.Entries.Count);
        foreach (var entry in entries)
        {
            AssertSameEntry(entry, Row(read, entry.Address).Entry);
        }

        Assert.Equal(entries.Length, read.Entries.Select(r => r.Etag).Distinct().Count());
    }

    [Fact]
    public async Task CleanupDeletesOnlyDeadRowsOlderThanTheCutoff()
    {
        var table = await TableAsync();
        var cutoff = T0.AddMinutes(5);
        Assert.True(await table.InsertRowAsync(Entry(1, SiloStatus.Dead, T0), 0, Ct));                 // dead, old: goes
        Assert.True(await table.InsertRowAsync(Entry(2, SiloStatus.Dead, T0.AddMinutes(10)), 1, Ct));  // dead, recent
        Assert.True(await table.InsertRowAsync(Entry(3, SiloStatus.Active, T0), 2, Ct));               // old but not dead
        Assert.True(await table.InsertRowAsync(Entry(4, SiloStatus.Dead, T0), 3, Ct));                 // dead, heartbeat recent
        Assert.True(await table.InsertRowAsync(Entry(5, SiloStatus.Dead, cutoff), 4, Ct));             // exactly at the cutoff
        await table.UpdateIAmAliveAsync(Address(4), T0.AddMinutes(10), Ct);

        Assert.Equal(1, await table.CleanupDefunctEntriesAsync(cutoff, Ct));

        var snapshot = await table.ReadAllAsync(Ct);
        Assert.Equal(5, snapshot.Version);
        Assert.Equal([2, 3, 4, 5], snapshot.Entries.Select(r => r.Entry.Address.Port).Order());
        Assert.Equal(0, await table.CleanupDefunctEntriesAsync(cutoff, Ct));

        // The cleaned-up silo's row is gone for good: a new row for it can be inserted again.
        Assert.True(await table.InsertRowAsync(Entry(1, SiloStatus.Dead, T0), snapshot.Version, Ct));
        Assert.Equal(T0, Row(await table.ReadAllAsync(Ct), Address(1)).Entry.IAmAliveTime);
    }

    [Fact]
    public async Task TwoClusterIdsAreIsolated()
    {
        var a = await TableAsync();
        var b = await TableAsync(NewClusterId());
        Assert.True(await a.InsertRowAsync(Entry(1), 0, Ct));
        await a.UpdateIAmAliveAsync(Address(1), T0.AddSeconds(1), Ct);

        var snapshotB = await b.ReadAllAsync(Ct);
        Assert.Equal(0, snapshotB.Version);
        Assert.Empty(snapshotB.Entries);

        Assert.True(await b.InsertRowAsync(Entry(1) with { SiloName = "in b" }, 0, Ct));
        await b.UpdateIAmAliveAsync(Address(1), T0.AddSeconds(2), Ct);
        Assert.Equal(0, await b.CleanupDefunctEntriesAsync(T0.AddDays(1), Ct));

        var rowA = Assert.Single((await a.ReadAllAsync(Ct)).Entries).Entry;
        var rowB = Assert.Single((await b.ReadAllAsync(Ct)).Entries).Entry;
        Assert.Equal(("silo-1", T0.AddSeconds(1)), (rowA.SiloName, rowA.IAmAliveTime));
        Assert.Equal(("in b", T0.AddSeconds(2)), (rowB.SiloName, rowB.IAmAliveTime));
    }

    [Fact]
    public async Task DeleteClusterEmptiesOnlyThatCluster()
    {
        var a = await TableAsync();
        var b = await TableAsync(NewClusterId());
        Assert.True(await a.InsertRowAsync(Entry(1), 0, Ct));
        Assert.True(await a.InsertRowAsync(Entry(2), 1, Ct));
        Assert.True(await b.InsertRowAsync(Entry(1), 0, Ct));

        await a.DeleteClusterAsync(Ct);

        var snapshotA = await a.ReadAllAsync(Ct);
        Assert.Equal(0, snapshotA.Version);
        Assert.Empty(snapshotA.Entries);
        var snapshotB = await b.ReadAllAsync(Ct);
        Assert.Equal(1, snapshotB.Version);
        Assert.Single(snapshotB.Entries);

        // The deleted cluster starts over at version 0.
        Assert.True(await a.InsertRowAsync(Entry(3), 0, Ct));
        Assert.Equal(1, (await a.ReadAllAsync(Ct)).Version);
    }

    [Fact]
    public async Task InitializeIsIdempotentAndSafeWhenCalledConcurrently()
    {
        var table = await TableAsync();
        Assert.True(await table.InsertRowAsync(Entry(1), 0, Ct));

        await table.InitializeAsync(Ct);
        var others = Enumerable.Range(0, Clients).Select(_ => Track(CreateTable(ClusterId))).ToList();
        await Task.WhenAll(others.Select(t => Task.Run(() => t.InitializeAsync(Ct))).Append(table.InitializeAsync(Ct)));
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => others[0].InitializeAsync(Ct))));

        foreach (var other in others)
        {
            var snapshot = await other.ReadAllAsync(Ct);
            Assert.Equal(1, snapshot.Version);
            AssertSameEntry(Entry(1), Assert.Single(snapshot.Entries).Entry);
        }
    }
}
