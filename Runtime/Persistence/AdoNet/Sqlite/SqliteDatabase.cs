using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using OrleansBackend.Runtime.Grains;

namespace OrleansBackend.Runtime.Persistence.AdoNet.Sqlite;

/// <summary>
/// The SQLite dialect: WAL mode with full fsync on commit, one writer connection that commits batches in turn
/// (group commit), and pooled read connections that never wait for the writer.
/// </summary>
internal sealed class SqliteDatabase : AdoNetDatabase
{
    private const int BusyErrorCode = 5;
    private const int LockedErrorCode = 6;

    private static readonly IReadOnlyList<SchemaMigration> Migrations = SchemaMigration.Load("Persistence/AdoNet/Sqlite/Migrations");

    private readonly SemaphoreSlim _writerGate = new(1, 1);
    private readonly string _connectionString;
    private readonly string? _filePath;
    private readonly SqliteStorageOptions _options;
    private SqliteStateWriter? _writer;

    public SqliteDatabase(string serviceId, SqliteStorageOptions options, StorageMetrics metrics, ILogger logger)
        : base(serviceId, options, metrics, logger)
    {
        _options = options;
        var builder = options.DataSource.Contains('=', StringComparison.Ordinal)
            ? new SqliteConnectionStringBuilder(options.DataSource)
            : new SqliteConnectionStringBuilder { DataSource = Path.GetFullPath(options.DataSource) };
        if (builder.Mode is SqliteOpenMode.ReadWriteCreate or SqliteOpenMode.ReadWrite && builder.DataSource != ":memory:")
        {
            _filePath = Path.GetFullPath(builder.DataSource);
            builder.DataSource = _filePath;
        }

        builder.Pooling = true;

        // Microsoft.Data.Sqlite retries a busy database until the command timeout: that is the busy timeout.
        builder.DefaultTimeout = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds);
        _connectionString = builder.ToString();
        Description = $"SQLite {builder.DataSource}";
    }

    public override string Description { get; }

    protected override string SystemName => "sqlite";

    protected override int WriterCount => 1;

    protected override async Task MigrateAsync(CancellationToken cancellationToken)
    {
        if (_filePath is not null && Path.GetDirectoryName(_filePath) is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
        }

        await WithWriterAsync(
            writer =>
            {
                // BEGIN IMMEDIATE takes the write lock, so two processes never migrate at once.
                using var transaction = writer.Connection.BeginTransaction();
                Execute(writer.Connection, transaction, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at_ms INTEGER NOT NULL)");
                var applied = new HashSet<long>();
                using (var read = writer.Connection.CreateCommand())
                {
                    read.Transaction = transaction;
                    read.CommandText = "SELECT version FROM schema_version";
                    using var reader = read.ExecuteReader();
                    while (reader.Read())
                    {
                        applied.Add(reader.GetInt64(0));
                    }
                }

                foreach (var migration in Migrations)
                {
                    if (applied.Contains(migration.Version))
                    {
                        continue;
                    }

                    Logger.LogInformation("{Database}: applying schema migration {Version} ({Name})", Description, migration.Version, migration.Name);
                    Execute(writer.Connection, transaction, migration.Sql);
                    using var record = writer.Connection.CreateCommand();
                    record.Transaction = transaction;
                    record.CommandText = "INSERT INTO schema_version (version, name, applied_at_ms) VALUES (@version, @name, @now)";
                    record.Parameters.AddWithValue("@version", migration.Version);
                    record.Parameters.AddWithValue("@name", migration.Name);
                    record.Parameters.AddWithValue("@now", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
                    record.ExecuteNonQuery();
                }

                transaction.Commit();
                return true;
            },
            cancellationToken);
    }

    protected override async Task<StoredState?> ReadStateCoreAsync(GrainId grainId, string stateName, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT payload, version FROM grain_state WHERE service_id = @service AND grain_type = @type AND grain_key = @key AND state_name = @name";
        command.Parameters.AddWithValue("@service", ServiceId);
        command.Parameters.AddWithValue("@type", grainId.Type);
        command.Parameters.AddWithValue("@key", grainId.Key);
        command.Parameters.AddWithValue("@name", stateName);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new StoredState(reader.IsDBNull(0) ? null : (byte[])reader.GetValue(0), reader.GetInt64(1));
    }

    protected override Task ExecuteBatchCoreAsync(List<StateWrite> batch, CancellationToken cancellationToken) =>
        WithWriterAsync(
            writer =>
            {
                writer.WriteBatch(batch);
                return true;
            },
            cancellationToken);

    protected override async Task<IReadOnlyList<StoredEvent>> ReadPartitionCoreAsync(int partition, long afterId, int maxCount, CancellationToken cancellationToken)
    {
        // One writer at a time means ids become visible in order: no in-flight check is needed (unlike PostgreSQL).
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = EventColumns + "WHERE service_id = @service AND partition = @partition AND id > @after ORDER BY id LIMIT @limit";
        command.Parameters.AddWithValue("@service", ServiceId);
        command.Parameters.AddWithValue("@partition", partition);
        command.Parameters.AddWithValue("@after", afterId);
        command.Parameters.AddWithValue("@limit", maxCount);
        return await ReadEventsAsync(command, cancellationToken);
    }

    protected override async Task<IReadOnlyList<StoredEvent>> ReadStreamCoreAsync(string streamNamespace, string streamKey, long afterSequence, int maxCount, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = EventColumns + "WHERE service_id = @service AND stream_namespace = @ns AND stream_key = @key AND sequence > @after ORDER BY sequence LIMIT @limit";
        command.Parameters.AddWithValue("@service", ServiceId);
        command.Parameters.AddWithValue("@ns", streamNamespace);
        command.Parameters.AddWithValue("@key", streamKey);
        command.Parameters.AddWithValue("@after", afterSequence);
        command.Parameters.AddWithValue("@limit", maxCount);
        return await ReadEventsAsync(command, cancellationToken);
    }

    protected override async Task<T> WithReadConnectionAsync<T>(Func<DbConnection, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        return await work(connection, cancellationToken);
    }

    protected override async Task<T> WithWriteConnectionAsync<T>(Func<DbConnection, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        await _writerGate.WaitAsync(cancellationToken);
        try
        {
            return await work(GetWriter().Connection, cancellationToken);
        }
        catch
        {
            ResetWriter();
            throw;
        }
        finally
        {
            _writerGate.Release();
        }
    }

    protected override StorageFailureKind ClassifyFailure(Exception exception) => exception switch
    {
        // SQLite commits in-process: a failed statement or commit leaves the transaction rolled back, never half done.
        SqliteException { SqliteErrorCode: BusyErrorCode or LockedErrorCode } => StorageFailureKind.Retryable,
        _ => StorageFailureKind.Rejected,
    };

    protected override async ValueTask DisposeCoreAsync()
    {
        await _writerGate.WaitAsync();
        try
        {
            ResetWriter();
        }
        finally
        {
            _writerGate.Release();
        }

        // Pooled read connections keep the file open; let it go so the file can be reopened or deleted.
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    private const string EventColumns =
        "SELECT id, stream_namespace, stream_key, sequence, partition, event_type, payload, created_at FROM stream_events ";

    private static void Execute(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static async Task<IReadOnlyList<StoredEvent>> ReadEventsAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var result = new List<StoredEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new StoredEvent(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetInt64(3),
                reader.GetInt32(4),
                reader.GetString(5),
                (byte[])reader.GetValue(6),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(7))));
        }

        return result;
    }

    private async Task<T> WithWriterAsync<T>(Func<SqliteStateWriter, T> work, CancellationToken cancellationToken)
    {
        await _writerGate.WaitAsync(cancellationToken);
        try
        {
            // Microsoft.Data.Sqlite runs synchronously anyway; the gate keeps writes of this process in turn.
            return work(GetWriter());
        }
        catch
        {
            // The writer may be in a bad state (I/O error, file replaced): start over with a fresh connection.
            ResetWriter();
            throw;
        }
        finally
        {
            _writerGate.Release();
        }
    }

    private SqliteStateWriter GetWriter()
    {
        if (_writer is { } writer)
        {
            return writer;
        }

        var connection = Open();
        try
        {
            using var pragmas = connection.CreateCommand();

            // WAL: readers never wait for the writer. synchronous=FULL: every commit is fsynced before it is acknowledged.
            pragmas.CommandText =
                $"PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = {(int)_options.BusyTimeout.TotalMilliseconds};";
            pragmas.ExecuteNonQuery();
            return _writer = new SqliteStateWriter(connection, ServiceId, EventPartitionCount);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private void ResetWriter()
    {
        _writer?.Dispose();
        _writer = null;
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }
}
