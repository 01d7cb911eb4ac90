using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Runtime;
using Orleans.Storage;
using Orleans.TestingHost;
using OrleansBackend.Grains.Hosting;
using OrleansBackend.Hosting;
using OrleansBackend.Tests.Infrastructure;
using OrleansBackend.Tests.Persistence.Infrastructure;
using OrleansBackend.Tests.Persistence.TestGrains;

namespace OrleansBackend.Tests.Persistence.Storage;

/// <summary>
/// What group commit promises beyond the storage contract, on silos of their own: concurrent writes of many grains
/// share transactions and are all durable (a silo started afterwards reads every one); and a batch the database fails
/// midway fails every caller in it and leaves none of its writes stored.
/// </summary>
[Collection(SiloTestsCollection.Name)]
public sealed class GroupCommitBatchingTests
{
    private const string StateName = "group-commit-batching";

    [Fact]
    public async Task ConcurrentWritesOfManyGrainsShareCommitsAndAreReadAfterARestart()
    {
        const int Grains = 500;
        await using var database = await TestDatabase.CreateAsync();
        var settings = BackendSiloSettings.PostgreSqlGroupCommit(database.ConnectionString);
        var serviceId = $"group-commit-{Guid.NewGuid():N}";
        var grains = Enumerable.Range(0, Grains).Select(i => GrainId.Create("group-commit", $"grain-{i}")).ToArray();

        await using (var silo = await BackendTestSilo.StartAsync(settings, serviceId))
        {
            var storage = StorageOf(silo);
            await Task.WhenAll(grains.Select((grain, i) =>
                storage.WriteStateAsync(StateName, grain, new TestGrainState<StoredValue> { State = new StoredValue { Text = $"value {i}", Number = i } })));

            // Every write answered is committed, and rows written by one transaction share its xmin.
            Assert.Equal((long)Grains, await database.ScalarAsync("SELECT count(*) FROM orleansbackend_grain_state"));
            var transactions = (long)(await database.ScalarAsync("SELECT count(DISTINCT xmin::text) FROM orleansbackend_grain_state"))!;
            Assert.True(transactions <= Grains / 2, $"{Grains} concurrent writes took {transactions} transactions: they were not committed in groups.");
        }

        await using (var restarted = await BackendTestSilo.StartAsync(settings, serviceId))
        {
            var storage = StorageOf(restarted);
            for (var i = 0; i < Grains; i++)
            {
                var read = new TestGrainState<StoredValue>();
                await storage.ReadStateAsync(StateName, grains[i], read);
                Assert.True(read.RecordExists, $"grain {i} lost its state");
                Assert.Equal($"value {i}", read.State.Text);
                Assert.Equal(i, read.State.Number);
                Assert.Equal("1", read.ETag);
            }
        }
    }

    [Fact]
    public async Task ADatabaseFailureMidBatchFailsEveryWriteInItAndStoresNone()
    {
        await using var database = await TestDatabase.CreateAsync();
        var server = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        await using var proxy = TcpProxy.StartTo(new IPEndPoint(IPAddress.Parse(server.Host!), server.Port));
        var proxied = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Host = "127.0.0.1", Port = proxy.Port }.ConnectionString;

        // Only grain storage goes through the proxy; one writer, so the batches follow each other in a known order.
        var settings = new Dictionary<string, string?>(BackendSiloSettings.PostgreSqlGroupCommit(database.ConnectionString))
        {
            ["Orleans:GrainStorage:Default:ConnectionString"] = proxied,
            ["Orleans:GrainStorage:Default:WriterCount"] = "1",
        };
        await using var silo = await BackendTestSilo.StartAsync(settings);
        var storage = StorageOf(silo);

        var blocker = Seeded("blocker");
        var blocked = Seeded("blocked");
        var others = Enumerable.Range(0, 20).Select(i => Seeded($"other-{i}")).ToArray();
        await Task.WhenAll(others.Append(blocker).Append(blocked).Select(s => storage.WriteStateAsync(StateName, s.Grain, s.State)));

        // Batch 1 (the blocker alone) waits on a row lock while the next writes queue up behind it; batch 2 then takes
        // them all and waits on the lock of one of them, inside its transaction.
        await using var blockerLock = await LockRowAsync(database, blocker.Grain);
        await using var blockedLock = await LockRowAsync(database, blocked.Grain);
        var firstBatch = Write(storage, blocker);
        await WaitForLockWaitAsync(database);
        var secondBatch = others.Append(blocked).Select(s => Write(storage, s)).ToArray();
        await blockerLock.RollbackAsync();
        await Eventually.Within(firstBatch.ContinueWith(t => t.IsCompletedSuccessfully, TaskScheduler.Default));
        Assert.True(firstBatch.IsCompletedSuccessfully, "the first batch should have committed");
        await WaitForLockWaitAsync(database);

        // The database goes away while batch 2 is in the middle of its statement.
        proxy.Stop();
        foreach (var write in secondBatch)
        {
            var failure = await Record.ExceptionAsync(() => Eventually.Within(write.ContinueWith(t => t, TaskScheduler.Default).Unwrap()));
            Assert.NotNull(failure);
            Assert.IsNotType<InconsistentStateException>(failure);
        }

        // Once batch 2's transaction has ended (FOR UPDATE waits for it), none of its writes is stored.
        await blockedLock.RollbackAsync();
        var versions = await LockedVersionsAsync(database, others.Append(blocked).Select(s => s.Grain.Key.ToString()).ToArray());
        Assert.All(versions, v => Assert.Equal(1L, v));
        Assert.Equal(others.Length + 1, versions.Count);

        // With the database back, the storage connects afresh and the callers' retries succeed.
        proxy.Start();
        var retry = others[0];
        retry.State.ETag = "1";
        await Eventually.Within(storage.WriteStateAsync(StateName, retry.Grain, retry.State).ContinueWith(t => t.IsCompletedSuccessfully, TaskScheduler.Default));
        var read = new TestGrainState<StoredValue>();
        await storage.ReadStateAsync(StateName, retry.Grain, read);
        Assert.Equal("2", read.ETag);
    }

    private static IGrainStorage StorageOf(InProcessTestCluster silo) => silo.Services().GetRequiredKeyedService<IGrainStorage>(StorageNames.Default);

    private static (GrainId Grain, TestGrainState<StoredValue> State) Seeded(string name) =>
        (GrainId.Create("group-commit", $"{name}-{Guid.NewGuid():N}"), new TestGrainState<StoredValue> { State = new StoredValue { Text = "seed" } });

    private static Task Write(IGrainStorage storage, (GrainId Grain, TestGrainState<StoredValue> State) seeded)
    {
        seeded.State.State = new StoredValue { Text = "changed", Number = 1 };
        return storage.WriteStateAsync(StateName, seeded.Grain, seeded.State);
    }

    /// <summary>Opens a transaction on the database (not through the proxy) that holds the grain's row lock.</summary>
    private static async Task<RowLock> LockRowAsync(TestDatabase database, GrainId grain)
    {
        var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using var command = new NpgsqlCommand("SELECT 1 FROM orleansbackend_grain_state WHERE grain_id = $1 FOR UPDATE", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = grain.Key.ToString() });
        Assert.Equal(1, await command.ExecuteScalarAsync());
        return new RowLock(connection, transaction);
    }

    private static Task WaitForLockWaitAsync(TestDatabase database) => Eventually.True(
        async () => (long)(await database.ScalarAsync("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"))! > 0,
        "a batch waits on a row lock");

    private static async Task<List<long>> LockedVersionsAsync(TestDatabase database, string[] grainIds)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var command = new NpgsqlCommand("SELECT version FROM orleansbackend_grain_state WHERE grain_id = ANY($1) FOR UPDATE", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = grainIds });
        var versions = new List<long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            versions.Add(reader.GetInt64(0));
        }

        return versions;
    }

    /// <summary>A transaction holding a row lock; rolled back (the lock released) at the latest on dispose.</summary>
    private sealed class RowLock(NpgsqlConnection connection, NpgsqlTransaction transaction) : IAsyncDisposable
    {
        private bool _ended;

        public async Task RollbackAsync()
        {
            if (!_ended)
            {
                _ended = true;
                await transaction.RollbackAsync();
            }
        }

        public async ValueTask DisposeAsync()
        {
            await RollbackAsync();
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}
