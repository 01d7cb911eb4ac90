using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using OrleansBackend.Hosting.Telemetry;

namespace OrleansBackend.Hosting.Sqlite;

/// <summary>
/// Lets one write at a time reach a SQLite database file, the others waiting in arrival order, and commits them
/// durably in groups. SQLite admits one writer per file and makes the rest poll with back-off: under many concurrent
/// writers some waited 10–20 s (deps.md); a queue in front of it is fair and wastes nothing. Each commit with its own
/// fsync costs ~0.3 ms here, so 64 queued writers waited ~20 ms each: writes therefore commit without an fsync
/// (<see cref="SqliteDataSource"/>) and a durable write is answered only after a barrier — a tiny commit with
/// <c>synchronous=FULL</c>, whose fsync of the append-only write-ahead log covers every commit before it — so one
/// fsync serves every writer that committed while the previous one ran. One gate per file per process, whatever reaches
/// the file (grain storage, stream queues).
/// </summary>
internal sealed class SqliteWriteGate
{
    private static readonly ConcurrentDictionary<string, SqliteWriteGate> Gates = new(StringComparer.Ordinal);

    // SemaphoreSlim queues asynchronous waiters first in, first out.
    private readonly SemaphoreSlim _semaphore = new(1, 1);
    private readonly string _barrierConnectionString;
    private readonly Lock _flushLock = new();
    private long _committed;
    private long _durable;
    private Task? _flush;

    private SqliteWriteGate(string fullPath)
    {
        _barrierConnectionString = new SqliteConnectionStringBuilder { DataSource = fullPath }.ToString();
    }

    /// <summary>The gate of the database file at <paramref name="fullPath"/>.</summary>
    public static SqliteWriteGate For(string fullPath) => Gates.GetOrAdd(fullPath, static path => new SqliteWriteGate(path));

    /// <summary>
    /// Runs <paramref name="write"/> once every write that arrived before it has finished, and returns once it is durable
    /// (unless <paramref name="durable"/> is false: a write whose loss in a power cut is harmless, such as a delete
    /// of delivered messages).
    /// </summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> write, bool durable = true)
    {
        var requested = SqliteMetrics.GateRequested();
        await _semaphore.WaitAsync();
        SqliteMetrics.GateEntered(requested);
        T result;
        long ticket;
        try
        {
            result = await write();
            ticket = Interlocked.Increment(ref _committed);
        }
        finally
        {
            _semaphore.Release();
        }

        if (durable)
        {
            await DurableAsync(ticket);
        }

        return result;
    }

    /// <summary>Runs <paramref name="write"/> in turn and returns once it is durable (or at once when <paramref name="durable"/> is false).</summary>
    public Task RunAsync(Func<Task> write, bool durable = true) =>
        RunAsync(
            async () =>
            {
                await write();
                return true;
            },
            durable);

    /// <summary>Waits until a barrier that started after commit number <paramref name="ticket"/> has completed.</summary>
    private async Task DurableAsync(long ticket)
    {
        while (Volatile.Read(ref _durable) < ticket)
        {
            Task flush;
            lock (_flushLock)
            {
                if (_flush is null || _flush.IsCompleted)
                {
                    // Run off the caller's stack: SQLite's commands complete synchronously.
                    _flush = Task.Run(FlushAsync);
                }

                flush = _flush;
            }

            await flush;
        }
    }

    private async Task FlushAsync()
    {
        // Every commit counted here finished before this barrier takes its turn at the gate, so its fsync covers them.
        var target = Volatile.Read(ref _committed);
        await _semaphore.WaitAsync();
        try
        {
            await using var connection = new SqliteConnection(_barrierConnectionString);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA synchronous=FULL; UPDATE orleansbackend_durability SET syncs = syncs + 1 WHERE id = 1";
            await command.ExecuteNonQueryAsync();
        }
        finally
        {
            _semaphore.Release();
        }

        long durable;
        do
        {
            durable = Volatile.Read(ref _durable);
        }
        while (durable < target && Interlocked.CompareExchange(ref _durable, target, durable) != durable);
    }
}
