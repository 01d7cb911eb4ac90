using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansBackend.Hosting.Database;
using OrleansBackend.Hosting.Sqlite;
using OrleansBackend.Tests.Infrastructure;
using OrleansBackend.Tests.Persistence.Infrastructure;

namespace OrleansBackend.Tests.Persistence.WriteGate;

/// <summary>
/// The SQLite write gate: writers pass one at a time in the order they arrived (none overtakes another, none starves),
/// and a durable writer is answered only after a <c>synchronous=FULL</c> barrier commit (counted in
/// <c>orleansbackend_durability.syncs</c>) that started after its own commit, one barrier serving many writers.
/// </summary>
public sealed class SqliteWriteGateTests
{
    private const int Writers = 64;

    [Fact]
    public async Task WritersPassInArrivalOrder()
    {
        using var file = await MigratedFileAsync();
        var gate = SqliteWriteGate.For(file.FilePath);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var passed = new ConcurrentQueue<int>();

        // The first writer holds the gate; the others arrive one after another behind it.
        var first = gate.RunAsync(async () =>
        {
            await release.Task;
            passed.Enqueue(0);
        });
        var queued = Enumerable.Range(1, Writers)
            .Select(n => gate.RunAsync(() =>
            {
                passed.Enqueue(n);
                return Task.CompletedTask;
            }))
            .ToList();
        Assert.Empty(passed);
        Assert.DoesNotContain(queued, t => t.IsCompleted);

        release.SetResult();
        await Eventually.Within(Task.WhenAll(queued.Append(first)), TimeSpan.FromSeconds(60));

        Assert.Equal(Enumerable.Range(0, Writers + 1), passed);
    }

    [Fact]
    public async Task ConcurrentWritersAllCommitAndEachIsAnsweredAfterABarrierThatCoversIt()
    {
        using var file = await MigratedFileAsync();
        await file.ScalarAsync("CREATE TABLE gate_probe (writer INTEGER PRIMARY KEY, syncs_at_commit INTEGER NOT NULL)");
        var gate = SqliteWriteGate.For(file.FilePath);
        var syncsBefore = await SyncsAsync(file);

        var writers = Enumerable.Range(0, Writers).Select(n => Task.Run(async () =>
        {
            await gate.RunAsync(() => InsertAsync(file, n));
            return (Writer: n, SyncsWhenAnswered: await SyncsAsync(file));
        }));
        var answered = await Eventually.Within(Task.WhenAll(writers), TimeSpan.FromSeconds(60));

        var atCommit = await SyncsAtCommitAsync(file);
        Assert.Equal(Writers, atCommit.Count);
        Assert.All(answered, a => Assert.True(
            a.SyncsWhenAnswered > atCommit[a.Writer],
            $"Writer {a.Writer} was answered before a barrier after its commit (syncs {atCommit[a.Writer]} at commit, {a.SyncsWhenAnswered} when answered)."));
        Assert.True(await SyncsAsync(file) > syncsBefore);
    }

    [Fact]
    public async Task WritersQueuedTogetherShareBarriers()
    {
        using var file = await MigratedFileAsync();
        await file.ScalarAsync("CREATE TABLE gate_probe (writer INTEGER PRIMARY KEY, syncs_at_commit INTEGER NOT NULL)");
        var gate = SqliteWriteGate.For(file.FilePath);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // All writers are queued while the first holds the gate: one barrier after them covers them all.
        var first = gate.RunAsync(async () =>
        {
            await release.Task;
            await InsertAsync(file, 0);
        });
        var queued = Enumerable.Range(1, Writers - 1).Select(n => gate.RunAsync(() => InsertAsync(file, n))).ToList();
        release.SetResult();
        await Eventually.Within(Task.WhenAll(queued.Append(first)), TimeSpan.FromSeconds(60));

        Assert.Equal(Writers, (await SyncsAtCommitAsync(file)).Count);
        Assert.InRange(await SyncsAsync(file), 1, 4);
    }

    [Fact]
    public async Task AWriteThatNeedNotBeDurableIsAnsweredWithoutABarrier()
    {
        using var file = await MigratedFileAsync();
        await file.ScalarAsync("CREATE TABLE gate_probe (writer INTEGER PRIMARY KEY, syncs_at_commit INTEGER NOT NULL)");
        var gate = SqliteWriteGate.For(file.FilePath);

        await gate.RunAsync(() => InsertAsync(file, 1), durable: false);
        Assert.Equal(0L, await SyncsAsync(file));

        await gate.RunAsync(() => InsertAsync(file, 2));
        Assert.True(await SyncsAsync(file) >= 1);
    }

    private static async Task<TempSqliteFile> MigratedFileAsync()
    {
        var file = new TempSqliteFile();
        await new DatabaseMigrator(NullLogger<DatabaseMigrator>.Instance).MigrateAsync(new DatabaseTarget(DatabaseEngine.Sqlite, file.ConnectionString));
        return file;
    }

    /// <summary>A write as the grain storage makes one (no fsync of its own), recording the barrier count its transaction saw.</summary>
    private static async Task InsertAsync(TempSqliteFile file, int writer)
    {
        await using var connection = SqliteDataSource.CreateConnection(file.ConnectionString, syncEachCommit: false);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO gate_probe (writer, syncs_at_commit) SELECT @writer, syncs FROM orleansbackend_durability WHERE id = 1";
        command.Parameters.AddWithValue("@writer", writer);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> SyncsAsync(TempSqliteFile file) =>
        (long)(await file.ScalarAsync("SELECT syncs FROM orleansbackend_durability WHERE id = 1"))!;

    private static async Task<Dictionary<int, long>> SyncsAtCommitAsync(TempSqliteFile file)
    {
        await using var connection = new SqliteConnection(file.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT writer, syncs_at_commit FROM gate_probe";
        await using var reader = await command.ExecuteReaderAsync();
        var result = new Dictionary<int, long>();
        while (await reader.ReadAsync())
        {
            result[reader.GetInt32(0)] = reader.GetInt64(1);
        }

        return result;
    }
}
