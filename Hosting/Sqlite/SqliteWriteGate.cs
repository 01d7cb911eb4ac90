using System.Collections.Concurrent;
using OrleansBackend.Hosting.Telemetry;

namespace OrleansBackend.Hosting.Sqlite;

/// <summary>
/// Lets one write at a time reach a SQLite database file, the others waiting in arrival order. SQLite admits one
/// writer per file and makes the rest poll with back-off: under many concurrent writers some waited 10–20 s (deps.md).
/// A queue in front of it is fair and wastes nothing. One gate per file per process, whatever reaches the file
/// (grain storage, stream queues).
/// </summary>
internal sealed class SqliteWriteGate
{
    private static readonly ConcurrentDictionary<string, SqliteWriteGate> Gates = new(StringComparer.Ordinal);

    // SemaphoreSlim queues asynchronous waiters first in, first out.
    private readonly SemaphoreSlim _semaphore = new(1, 1);

    private SqliteWriteGate()
    {
    }

    /// <summary>The gate of the database file at <paramref name="fullPath"/>.</summary>
    public static SqliteWriteGate For(string fullPath) => Gates.GetOrAdd(fullPath, static _ => new SqliteWriteGate());

    /// <summary>Runs <paramref name="write"/> once every write that arrived before it has finished.</summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> write)
    {
        var requested = SqliteMetrics.GateRequested();
        await _semaphore.WaitAsync();
        SqliteMetrics.GateEntered(requested);
        try
        {
            return await write();
        }
        finally
        {
            _semaphore.Release();
        }
    }

    /// <summary>Runs <paramref name="write"/> once every write that arrived before it has finished.</summary>
    public async Task RunAsync(Func<Task> write)
    {
        var requested = SqliteMetrics.GateRequested();
        await _semaphore.WaitAsync();
        SqliteMetrics.GateEntered(requested);
        try
        {
            await write();
        }
        finally
        {
            _semaphore.Release();
        }
    }
}
