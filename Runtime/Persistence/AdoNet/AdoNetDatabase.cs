using System.Data.Common;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using OrleansBackend.Runtime.Grains;

namespace OrleansBackend.Runtime.Persistence.AdoNet;

/// <summary>
/// One database that grain storage, the outbox and reminders share: schema migration at start-up, group commit of
/// state writes, reads, and bounded retries that turn every failure into a <see cref="StorageException"/> naming the
/// database. Dialects (one folder per engine) supply the SQL and say which failures are safe to retry.
/// </summary>
internal abstract class AdoNetDatabase : IAsyncDisposable
{
    private readonly object _initializationLock = new();
    private readonly CancellationTokenSource _lifetime = new();
    private readonly AdoNetStorageOptions _options;
    private readonly StorageMetrics _metrics;
    private StateWriteBatcher? _batcher;
    private Task? _initialization;

    protected AdoNetDatabase(string serviceId, AdoNetStorageOptions options, StorageMetrics metrics, ILogger logger)
    {
        ServiceId = serviceId;
        _options = options;
        _metrics = metrics;
        Logger = logger;
    }

    /// <summary>Rows of this service only are read and written.</summary>
    public string ServiceId { get; }

    /// <summary>How many partitions outbox streams are spread over.</summary>
    public int EventPartitionCount => _options.EventPartitionCount;

    /// <summary>Names the database in messages and logs (never with credentials).</summary>
    public abstract string Description { get; }

    /// <summary>The engine, as metrics tag it (<c>db.system</c>).</summary>
    protected abstract string SystemName { get; }

    protected ILogger Logger { get; }

    /// <summary>How many writer loops commit batches in parallel.</summary>
    protected abstract int WriterCount { get; }

    /// <summary>Creates and migrates the schema once; a failed attempt is retried by the next caller.</summary>
    public Task EnsureInitializedAsync(CancellationToken cancellationToken)
    {
        var initialization = Volatile.Read(ref _initialization);
        if (initialization is { IsCompletedSuccessfully: true })
        {
            return Task.CompletedTask;
        }

        lock (_initializationLock)
        {
            if (_initialization is null || _initialization.IsFaulted || _initialization.IsCanceled)
            {
                _initialization = RunAsync("creating or migrating the schema", MigrateAsync, idempotent: true, _lifetime.Token);
            }

            initialization = _initialization;
        }

        return initialization.WaitAsync(cancellationToken);
    }

    public async Task<StoredState?> ReadStateAsync(GrainId grainId, string stateName, CancellationToken cancellationToken)
    {
        await EnsureInitializedAsync(cancellationToken);
        var started = _metrics.IsLatencyEnabled ? Stopwatch.GetTimestamp() : 0;
        var state = await RunAsync(
            "reading grain state",
            token => ReadStateCoreAsync(grainId, stateName, token),
            idempotent: true,
            cancellationToken);
        if (started != 0)
        {
            _metrics.OnStateRead(SystemName, Stopwatch.GetElapsedTime(started));
        }

        return state;
    }

    /// <summary>Queues a write for group commit and waits for its own answer.</summary>
    public async Task<long> WriteStateAsync(StateWrite write, CancellationToken cancellationToken)
    {
        await EnsureInitializedAsync(cancellationToken);
        var started = _metrics.IsLatencyEnabled ? Stopwatch.GetTimestamp() : 0;
        var outcome = "error";
        try
        {
            var batcher = _batcher ?? CreateBatcher();
            await batcher.EnqueueAsync(write, cancellationToken);
            long version;
            if (!cancellationToken.CanBeCanceled)
            {
                version = await write.Task;
            }
            else
            {
                await using (cancellationToken.UnsafeRegister(static (state, token) => ((StateWrite)state!).TryCancel(token), write))
                {
                    version = await write.Task;
                }
            }

            outcome = "ok";
            return version;
        }
        catch (InconsistentStateException)
        {
            outcome = "conflict";
            throw;
        }
        finally
        {
            if (started != 0)
            {
                _metrics.OnStateWritten(SystemName, outcome, Stopwatch.GetElapsedTime(started));
            }
        }
    }

    public async Task<IReadOnlyList<StoredEvent>> ReadPartitionAsync(int partition, long afterId, int maxCount, CancellationToken cancellationToken)
    {
        await EnsureInitializedAsync(cancellationToken);
        return await RunAsync("reading an event partition", token => ReadPartitionCoreAsync(partition, afterId, maxCount, token), idempotent: true, cancellationToken);
    }

    public async Task<IReadOnlyList<StoredEvent>> ReadStreamAsync(string streamNamespace, string streamKey, long afterSequence, int maxCount, CancellationToken cancellationToken)
    {
        await EnsureInitializedAsync(cancellationToken);
        return await RunAsync("reading a stream", token => ReadStreamCoreAsync(streamNamespace, streamKey, afterSequence, maxCount, token), idempotent: true, cancellationToken);
    }

    /// <summary>Runs a read on a connection of its own, retried on transient failures (for the other subsystems' tables).</summary>
    public async Task<T> ReadAsync<T>(string operation, Func<DbConnection, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        await EnsureInitializedAsync(cancellationToken);
        return await RunAsync(operation, token => WithReadConnectionAsync(read, token), idempotent: true, cancellationToken);
    }

    /// <summary>
    /// Runs a write on a writer connection (on single-writer engines, in turn with group commit), retried only
    /// when it did not reach the database.
    /// </summary>
    public async Task<T> WriteAsync<T>(string operation, Func<DbConnection, CancellationToken, Task<T>> write, CancellationToken cancellationToken)
    {
        await EnsureInitializedAsync(cancellationToken);
        return await RunAsync(operation, token => WithWriteConnectionAsync(write, token), idempotent: false, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        StateWriteBatcher? batcher;
        lock (_initializationLock)
        {
            batcher = _batcher;
        }

        if (batcher is not null)
        {
            await batcher.DisposeAsync();
        }

        await _lifetime.CancelAsync();
        await DisposeCoreAsync();
        _lifetime.Dispose();
    }

    protected abstract Task MigrateAsync(CancellationToken cancellationToken);

    protected abstract Task<StoredState?> ReadStateCoreAsync(GrainId grainId, string stateName, CancellationToken cancellationToken);

    /// <summary>
    /// Applies a batch in one transaction, recording each write's outcome on it (new version, or the stored version
    /// on a conflict). Throws when the transaction did not commit; outcomes are then discarded.
    /// </summary>
    protected abstract Task ExecuteBatchCoreAsync(List<StateWrite> batch, CancellationToken cancellationToken);

    protected abstract Task<IReadOnlyList<StoredEvent>> ReadPartitionCoreAsync(int partition, long afterId, int maxCount, CancellationToken cancellationToken);

    protected abstract Task<IReadOnlyList<StoredEvent>> ReadStreamCoreAsync(string streamNamespace, string streamKey, long afterSequence, int maxCount, CancellationToken cancellationToken);

    protected abstract Task<T> WithReadConnectionAsync<T>(Func<DbConnection, CancellationToken, Task<T>> work, CancellationToken cancellationToken);

    protected abstract Task<T> WithWriteConnectionAsync<T>(Func<DbConnection, CancellationToken, Task<T>> work, CancellationToken cancellationToken);

    /// <summary>What a failure of this engine means (connection failures arrive as <see cref="DatabaseUnreachableException"/>).</summary>
    protected abstract StorageFailureKind ClassifyFailure(Exception exception);

    /// <summary>Lets a dialect react to a failure, for example by dropping pooled connections that may be dead.</summary>
    protected virtual void OnFailure(Exception exception, StorageFailureKind kind)
    {
    }

    protected abstract ValueTask DisposeCoreAsync();

    private StateWriteBatcher CreateBatcher()
    {
        lock (_initializationLock)
        {
            return _batcher ??= new StateWriteBatcher(ExecuteBatchAsync, WriterCount, _options.MaxBatchSize);
        }
    }

    /// <summary>Commits a batch and answers every write in it; never throws.</summary>
    private async Task ExecuteBatchAsync(List<StateWrite> batch)
    {
        var started = Stopwatch.GetTimestamp();
        var (kind, failure) = await TryExecuteBatchAsync(batch);
        if (failure is null)
        {
            _metrics.OnBatchCommitted(SystemName, batch, Stopwatch.GetElapsedTime(started));
            foreach (var write in batch)
            {
                write.Complete();
            }

            return;
        }

        if (kind == StorageFailureKind.Rejected && batch.Count > 1)
        {
            // The database refused the batch: find the write it refused by trying each alone, so one bad write
            // does not fail the grains that happened to share its transaction.
            Logger.LogWarning(failure, "{Database} refused a batch of {Count} state writes; retrying them one by one", Description, batch.Count);
            var single = new List<StateWrite>(1);
            foreach (var write in batch)
            {
                single.Clear();
                single.Add(write);
                var (singleKind, singleFailure) = await TryExecuteBatchAsync(single);
                if (singleFailure is null)
                {
                    _metrics.OnBatchCommitted(SystemName, single, TimeSpan.Zero);
                    write.Complete();
                }
                else
                {
                    _metrics.OnWritesFailed(SystemName, 1);
                    write.Fail(Wrap("writing grain state", singleFailure, singleKind, isWrite: true));
                }
            }

            return;
        }

        var exception = Wrap("writing grain state", failure, kind, isWrite: true);
        _metrics.OnWritesFailed(SystemName, batch.Count);
        foreach (var write in batch)
        {
            write.Fail(exception);
        }
    }

    private async Task<(StorageFailureKind Kind, Exception? Failure)> TryExecuteBatchAsync(List<StateWrite> batch)
    {
        var delay = _options.RetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            foreach (var write in batch)
            {
                write.ResetOutcome();
            }

            try
            {
                await ExecuteBatchCoreAsync(batch, _lifetime.Token);
                return (default, null);
            }
            catch (Exception exception)
            {
                var kind = Classify(exception);
                if (kind != StorageFailureKind.Retryable || attempt >= _options.MaxAttempts || _lifetime.IsCancellationRequested)
                {
                    return (kind, exception);
                }

                Logger.LogDebug(exception, "{Database}: a batch of {Count} state writes failed (attempt {Attempt}); retrying", Description, batch.Count, attempt);
                await DelayAsync(delay, _lifetime.Token);
                delay *= 2;
            }
        }
    }

    /// <summary>Runs an operation with bounded retries and turns its failure into a <see cref="StorageException"/>.</summary>
    private async Task<T> RunAsync<T>(string operation, Func<CancellationToken, Task<T>> action, bool idempotent, CancellationToken cancellationToken)
    {
        var delay = _options.RetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await action(cancellationToken);
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested && exception is not (StorageException or InconsistentStateException))
            {
                var kind = Classify(exception);
                var retry = kind == StorageFailureKind.Retryable || (idempotent && kind == StorageFailureKind.Unknown);
                if (!retry || attempt >= _options.MaxAttempts)
                {
                    _metrics.OnFailure(SystemName, operation);
                    throw Wrap(operation, exception, kind, isWrite: !idempotent);
                }

                Logger.LogDebug(exception, "{Database}: {Operation} failed (attempt {Attempt}); retrying", Description, operation, attempt);
                await DelayAsync(delay, cancellationToken);
                delay *= 2;
            }
        }
    }

    private Task RunAsync(string operation, Func<CancellationToken, Task> action, bool idempotent, CancellationToken cancellationToken) =>
        RunAsync(
            operation,
            async token =>
            {
                await action(token);
                return true;
            },
            idempotent,
            cancellationToken);

    private StorageFailureKind Classify(Exception exception)
    {
        var kind = exception is DatabaseUnreachableException ? StorageFailureKind.Retryable : ClassifyFailure(exception);
        OnFailure(exception, kind);
        return kind;
    }

    private StorageException Wrap(string operation, Exception exception, StorageFailureKind kind, bool isWrite)
    {
        var cause = exception is DatabaseUnreachableException { InnerException: { } inner } ? inner : exception;
        var detail = kind switch
        {
            StorageFailureKind.Unknown when isWrite => " (the connection broke while the database was working on it: the write may or may not have been stored)",
            StorageFailureKind.Retryable or StorageFailureKind.Unknown => $" after {_options.MaxAttempts} attempts",
            _ => string.Empty,
        };
        return new StorageException($"{Description}: {operation} failed{detail}: {cause.Message}", exception);
    }

    private static async Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        if (delay > TimeSpan.Zero)
        {
            // Back-off runs on real time, also under a test clock: it is about the database, not the grains.
            await Task.Delay(delay, cancellationToken);
        }
    }
}
