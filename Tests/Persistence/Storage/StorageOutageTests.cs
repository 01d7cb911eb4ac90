using OrleansBackend.Runtime.Grains;
using OrleansBackend.Runtime.Hosting;
using OrleansBackend.Runtime.Persistence;
using OrleansBackend.Tests.Infrastructure;
using OrleansBackend.Tests.Persistence.Infrastructure;
using OrleansBackend.Tests.Persistence.TestGrains;
using Xunit.Abstractions;

namespace OrleansBackend.Tests.Persistence.Storage;

/// <summary>
/// The database goes away under load: grain calls fail with a clear StorageException (not a hang or a timeout),
/// recover by themselves when it returns, and no acknowledged write is lost.
/// </summary>
public sealed class StorageOutageTests
{
    private readonly string _serviceId = "svc-" + Guid.NewGuid().ToString("N")[..12];
    private readonly ITestOutputHelper _output;

    public StorageOutageTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public async Task PostgresCrashAndRestartUnderLoad()
    {
        await using var server = await DedicatedPostgres.StartAsync();
        Action<ISiloBuilder> storage = silo => silo.AddPostgresGrainStorage(GrainStorageNames.Default, options =>
        {
            options.ConnectionString = server.ConnectionString;
            options.ConnectTimeout = TimeSpan.FromSeconds(2);
            options.CommandTimeout = TimeSpan.FromSeconds(5);
            options.RetryDelay = TimeSpan.FromMilliseconds(50);
        });

        await RunOutageAsync(storage, $"PostgreSQL 127.0.0.1:{server.Port}/postgres", goDown: server.CrashAsync, comeBack: server.StartAgainAsync);
    }

    [Fact]
    public async Task SqliteLockedByAnotherProcessUnderLoad()
    {
        // SQLite has no server to stop. The honest stand-in is another process holding the write lock (as a
        // backup tool or a stuck writer would): writes wait out the busy timeout, then fail with a StorageException.
        using var file = new SqliteFile();
        Microsoft.Data.Sqlite.SqliteConnection? holder = null;
        Action<ISiloBuilder> storage = silo => silo.AddSqliteGrainStorage(GrainStorageNames.Default, options =>
        {
            options.DataSource = file.Path;
            options.BusyTimeout = TimeSpan.FromMilliseconds(500);
            options.MaxAttempts = 2;
            options.RetryDelay = TimeSpan.FromMilliseconds(50);
        });

        await RunOutageAsync(
            storage,
            $"SQLite {file.Path}",
            goDown: () =>
            {
                holder = file.Open();
                using var command = holder.CreateCommand();
                command.CommandText = "BEGIN EXCLUSIVE";
                command.ExecuteNonQuery();
                return Task.CompletedTask;
            },
            comeBack: () =>
            {
                holder!.Dispose();
                return Task.CompletedTask;
            });
    }

    private async Task RunOutageAsync(Action<ISiloBuilder> storage, string databaseName, Func<Task> goDown, Func<Task> comeBack)
    {
        long[] acknowledged;
        long[] attempted;
        string[] keys;
        await using (var silo = await StorageSilo.StartAsync(_serviceId, storage))
        {
            var load = new WriteLoad(silo.GrainFactory, grainCount: 64, workerCount: 16);
            await using (load)
            {
                await Eventually.True(() => load.AcknowledgedTotal >= 500, "writes are acknowledged");
                Assert.Empty(load.Failures);

                await goDown();
                await Eventually.True(() => load.Failures.Count(f => f is StorageException) >= 20, "calls fail while storage is down");
                var before = load.AcknowledgedTotal;

                await comeBack();
                await Eventually.True(() => load.AcknowledgedTotal >= before + 500, "calls succeed again once storage is back");
            }

            _output.WriteLine($"{load.AcknowledgedTotal} writes acknowledged, {load.Failures.Count} failed; first failure: {load.Failures.FirstOrDefault()?.Message}");

            // Every failure was a clear storage error: no timeouts, no hangs, no stale-state conflicts.
            Assert.All(load.Failures, f => Assert.IsType<StorageException>(f));
            Assert.All(load.Failures, f => Assert.StartsWith(databaseName, f.Message, StringComparison.Ordinal));
            keys = load.Keys;
            acknowledged = Enumerable.Range(0, keys.Length).Select(load.Acknowledged).ToArray();
            attempted = Enumerable.Range(0, keys.Length).Select(load.Attempted).ToArray();
        }

        // A new silo on the same database: each counter holds every acknowledged write, and no more than was tried.
        await using var restarted = await StorageSilo.StartAsync(_serviceId, storage);
        for (var i = 0; i < keys.Length; i++)
        {
            var stored = new TestState<DurableCounter>(new DurableCounter());
            await restarted.Storage.ReadStateAsync("counter", new GrainId("durablecounter", keys[i]), stored, CancellationToken.None);
            Assert.InRange(stored.State.Value, acknowledged[i], attempted[i]);
        }
    }
}
