using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansBackend.Hosting.Database;
using OrleansBackend.Tests.Infrastructure;
using OrleansBackend.Tests.Persistence.Infrastructure;

namespace OrleansBackend.Tests.Persistence.Migrations;

/// <summary>
/// The backend's migrations on real PostgreSQL and SQLite databases: an empty database gets every script once, a second
/// run applies nothing, and migrators racing on one empty database (silos starting together: PostgreSQL's advisory
/// lock, SQLite's immediate transactions) all succeed with each script applied exactly once.
/// </summary>
public sealed class MigratorTests
{
    private const int RacingMigrators = 4;

    [Fact]
    public async Task PostgresMigrationsApplyOnceAndThenAreANoOp()
    {
        await using var database = await TestDatabase.CreateAsync();
        var target = new DatabaseTarget(DatabaseEngine.PostgreSql, database.ConnectionString);

        Assert.Equal(ScriptNames(DatabaseEngine.PostgreSql), await NewMigrator().MigrateAsync(target));
        Assert.Empty(await NewMigrator().MigrateAsync(target));

        Assert.Equal((long)ScriptNames(DatabaseEngine.PostgreSql).Count, await database.ScalarAsync("SELECT count(*) FROM orleansbackend_schema"));
        Assert.True((long)(await database.ScalarAsync("SELECT count(*) FROM OrleansQuery"))! > 0);
    }

    [Fact]
    public async Task SqliteMigrationsApplyOnceAndThenAreANoOp()
    {
        using var file = new TempSqliteFile();
        var target = new DatabaseTarget(DatabaseEngine.Sqlite, file.ConnectionString);

        Assert.Equal(ScriptNames(DatabaseEngine.Sqlite), await NewMigrator().MigrateAsync(target));
        Assert.Empty(await NewMigrator().MigrateAsync(target));

        Assert.Equal((long)ScriptNames(DatabaseEngine.Sqlite).Count, await file.ScalarAsync("SELECT count(*) FROM orleansbackend_schema"));
        Assert.Equal(0L, await file.ScalarAsync("SELECT syncs FROM orleansbackend_durability WHERE id = 1"));
    }

    [Fact]
    public async Task PostgresMigratorsRacingOnAnEmptyDatabaseApplyEachScriptOnce()
    {
        await using var database = await TestDatabase.CreateAsync();
        var target = new DatabaseTarget(DatabaseEngine.PostgreSql, database.ConnectionString);

        var applied = await RaceAsync(target, () => { });

        Assert.Equal(ScriptNames(DatabaseEngine.PostgreSql), applied);
        Assert.Equal((long)applied.Count, await database.ScalarAsync("SELECT count(DISTINCT version) FROM orleansbackend_schema"));
        Assert.Equal((long)applied.Count, await database.ScalarAsync("SELECT count(*) FROM orleansbackend_schema"));
    }

    [Fact]
    public async Task SqliteMigratorsRacingOnAnEmptyFileApplyEachScriptOnce()
    {
        using var file = new TempSqliteFile();
        var target = new DatabaseTarget(DatabaseEngine.Sqlite, file.ConnectionString);

        // An outside writer holds the file while the migrators start, so that they all wait for it and then run together.
        List<string> applied;
        await using (var holder = new SqliteConnection(file.ConnectionString))
        {
            await holder.OpenAsync();
            await using (var wal = holder.CreateCommand())
            {
                wal.CommandText = "PRAGMA journal_mode=WAL";
                await wal.ExecuteNonQueryAsync();
            }

            var hold = holder.BeginTransaction(deferred: false);
            applied = await RaceAsync(target, () => hold.Rollback());
        }

        Assert.Equal(ScriptNames(DatabaseEngine.Sqlite), applied);
        Assert.Equal((long)applied.Count, await file.ScalarAsync("SELECT count(*) FROM orleansbackend_schema"));
        Assert.Equal(1L, await file.ScalarAsync("SELECT count(*) FROM orleansbackend_durability"));
    }

    /// <summary>
    /// Starts several migrators at once and calls <paramref name="whenAllRunning"/> once every one of them is running;
    /// returns what they applied between them, in version order.
    /// </summary>
    private static async Task<List<string>> RaceAsync(DatabaseTarget target, Action whenAllRunning)
    {
        using var start = new ManualResetEventSlim();
        using var running = new CountdownEvent(RacingMigrators);
        var racers = Enumerable.Range(0, RacingMigrators)
            .Select(_ => Task.Run(async () =>
            {
                start.Wait();
                running.Signal();
                return await NewMigrator().MigrateAsync(target);
            }))
            .ToList();
        start.Set();
        await Eventually.True(() => running.IsSet, "every migrator is running");
        whenAllRunning();
        var results = await Eventually.Within(Task.WhenAll(racers), TimeSpan.FromSeconds(60));
        return [.. results.SelectMany(r => r).Order(StringComparer.Ordinal)];
    }

    private static DatabaseMigrator NewMigrator() => new(NullLogger<DatabaseMigrator>.Instance);

    private static List<string> ScriptNames(DatabaseEngine engine) => [.. MigrationScripts.For(engine).Select(s => s.Name)];
}
