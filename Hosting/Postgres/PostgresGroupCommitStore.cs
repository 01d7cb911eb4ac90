using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using Orleans;
using Orleans.Runtime;

namespace OrleansBackend.Hosting.Postgres;

/// <summary>
/// The database side of one group-commit grain storage: its own Npgsql pool, prepared reads, and the batcher whose
/// writers commit each batch as one statement in one transaction. It takes part in the silo lifecycle on its own (not
/// through the <c>IGrainStorage</c> registration, which decorators may wrap): at stop, after the grains have been
/// deactivated and their last writes queued, the writers drain the queue and the pool closes.
/// </summary>
internal sealed partial class PostgresGroupCommitStore : ILifecycleParticipant<ISiloLifecycle>, IAsyncDisposable
{
    private readonly string _serviceId;
    private readonly NpgsqlDataSource _dataSource;
    private readonly StateWriteBatcher _batcher;
    private readonly ILogger _logger;
    private int _stopped;

    public PostgresGroupCommitStore(string name, string serviceId, PostgresGroupCommitOptions options, ILogger<PostgresGroupCommitStore> logger)
    {
        Name = name;
        _serviceId = serviceId;
        _logger = logger;
        var connection = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        if (options.MaxPoolSize is { } pool)
        {
            connection.MaxPoolSize = pool;
        }

        _dataSource = NpgsqlDataSource.Create(connection);
        var capacity = options.QueueCapacity > 0 ? options.QueueCapacity : 4 * options.WriterCount * options.MaxBatchSize;
        _batcher = new StateWriteBatcher(CommitAsync, options.WriterCount, options.MaxBatchSize, capacity);
    }

    /// <summary>The grain storage's name (its key in the silo's services).</summary>
    public string Name { get; }

    /// <summary>Reads one grain state; null when it has no row.</summary>
    public async Task<StoredState?> ReadAsync(StateKey key)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(GroupCommitSql.ReadState, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlDbType.Text, TypedValue = _serviceId });
        command.Parameters.Add(new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlDbType.Text, TypedValue = key.GrainType });
        command.Parameters.Add(new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlDbType.Text, TypedValue = key.GrainId });
        command.Parameters.Add(new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlDbType.Text, TypedValue = key.StateName });
        try
        {
            // Prepared once per physical connection; later calls on that connection only bind and execute.
            await command.PrepareAsync();
            await using var reader = await command.ExecuteReaderAsync();
            if (!await reader.ReadAsync())
            {
                return null;
            }

            return new StoredState(reader.IsDBNull(0) ? null : reader.GetFieldValue<byte[]>(0), reader.GetInt64(1));
        }
        catch (Exception exception) when (exception is NpgsqlException)
        {
            OnFailure(exception);
            throw;
        }
    }

    /// <summary>Queues a write for the next batch and returns its new version once the batch committed.</summary>
    /// <exception cref="Orleans.Storage.InconsistentStateException">The stored version is not the one the write expected.</exception>
    public async Task<long> WriteAsync(StateWrite write)
    {
        try
        {
            await _batcher.EnqueueAsync(write);
        }
        catch (ChannelClosedException)
        {
            throw new OrleansException($"Grain storage '{Name}' has stopped: the silo is shutting down.");
        }

        return await write.Task;
    }

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe($"{nameof(PostgresGroupCommitStore)}-{Name}", ServiceLifecycleStage.RuntimeStorageServices, _ => Task.CompletedTask, _ => StopAsync());

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        await _batcher.StopAsync();
        await _dataSource.DisposeAsync();
    }

    /// <summary>Commits a batch in one transaction and answers every write in it; never throws.</summary>
    private async Task CommitAsync(List<StateWrite> batch)
    {
        try
        {
            await ExecuteAsync(batch);
        }
        catch (Exception exception)
        {
            // Nothing of the batch is known to be stored (a connection lost during COMMIT may still have committed it:
            // then the grains reread and find their write, or a newer version than they hold). No write is answered
            // success unless the COMMIT was acknowledged.
            OnFailure(exception);
            LogBatchFailed(exception, Name, batch.Count);
            foreach (var write in batch)
            {
                write.Fail(exception);
            }

            return;
        }

        foreach (var write in batch)
        {
            write.Complete(Name);
        }
    }

    private async Task ExecuteAsync(List<StateWrite> batch)
    {
        var count = batch.Count;
        var types = new string[count];
        var ids = new string[count];
        var names = new string[count];
        var expected = new long?[count];
        var payloads = new byte[]?[count];
        for (var i = 0; i < count; i++)
        {
            var write = batch[i];
            write.NewVersion = null;
            write.StoredVersion = null;
            types[i] = write.Key.GrainType;
            ids[i] = write.Key.GrainId;
            names[i] = write.Key.StateName;
            expected[i] = write.ExpectedVersion;
            payloads[i] = write.Payload;
        }

        await using var connection = await OpenAsync();

        // An explicit transaction, so the answer waits for the COMMIT's acknowledgement (with synchronous_commit on, the
        // WAL flush): in autocommit the result rows arrive before the implicit commit has happened.
        await using var transaction = await connection.BeginTransactionAsync();
        await using var command = new NpgsqlCommand(GroupCommitSql.WriteBatch, connection, transaction);
        var parameters = command.Parameters;
        parameters.Add(new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlDbType.Text, TypedValue = _serviceId });
        parameters.Add(new NpgsqlParameter<string[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, TypedValue = types });
        parameters.Add(new NpgsqlParameter<string[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, TypedValue = ids });
        parameters.Add(new NpgsqlParameter<string[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, TypedValue = names });
        parameters.Add(new NpgsqlParameter<long?[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint, TypedValue = expected });
        parameters.Add(new NpgsqlParameter<byte[]?[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea, TypedValue = payloads });
        await command.PrepareAsync();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                var write = batch[(int)reader.GetInt64(0) - 1];
                write.NewVersion = reader.IsDBNull(1) ? null : reader.GetInt64(1);
                write.StoredVersion = reader.IsDBNull(2) ? null : reader.GetInt64(2);
            }
        }

        await transaction.CommitAsync();
    }

    private async Task<NpgsqlConnection> OpenAsync()
    {
        try
        {
            return await _dataSource.OpenConnectionAsync();
        }
        catch (Exception exception) when (exception is NpgsqlException)
        {
            OnFailure(exception);
            throw;
        }
    }

    private void OnFailure(Exception exception)
    {
        // Npgsql already drops the connection that broke. When the server went away (an I/O failure, or the server
        // shutting down) the idle ones are dead too: clearing the pool makes the next batch connect afresh instead of
        // failing on a dead socket.
        if (exception is NpgsqlException and not PostgresException
            || exception is PostgresException { SqlState: "57P01" or "57P02" or "57P03" })
        {
            _dataSource.Clear();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Grain storage {Storage}: a batch of {Count} state writes failed; every write in it was refused")]
    private partial void LogBatchFailed(Exception exception, string storage, int count);
}
