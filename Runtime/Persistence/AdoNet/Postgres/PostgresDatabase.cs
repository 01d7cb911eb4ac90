using System.Data.Common;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using OrleansBackend.Runtime.Grains;

namespace OrleansBackend.Runtime.Persistence.AdoNet.Postgres;

/// <summary>
/// The PostgreSQL dialect: a small Npgsql pool, migrations under an advisory lock, and group commit as one
/// statement per batch over arrays (<see cref="PostgresSql.WriteBatch"/>), with several batches in flight.
/// </summary>
internal sealed class PostgresDatabase : AdoNetDatabase
{
    private static readonly IReadOnlyList<SchemaMigration> Migrations = SchemaMigration.Load("Persistence/AdoNet/Postgres/Migrations");

    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresStorageOptions _options;

    public PostgresDatabase(string serviceId, PostgresStorageOptions options, StorageMetrics metrics, ILogger logger)
        : base(serviceId, options, metrics, logger)
    {
        _options = options;
        var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        var given = GivenKeywords(options.ConnectionString);
        if (!given.Overlaps(["maximumpoolsize", "maxpoolsize"]))
        {
            builder.MaxPoolSize = options.MaxPoolSize ?? Math.Max(4, Environment.ProcessorCount * 2);
        }

        if (!given.Overlaps(["timeout", "connecttimeout", "connectiontimeout"]))
        {
            builder.Timeout = (int)Math.Ceiling(options.ConnectTimeout.TotalSeconds);
        }

        if (!given.Contains("commandtimeout"))
        {
            builder.CommandTimeout = (int)Math.Ceiling(options.CommandTimeout.TotalSeconds);
        }

        if (!given.Contains("maxautoprepare"))
        {
            // The batch statement is long: prepare it once per connection instead of parsing and planning it per batch.
            builder.MaxAutoPrepare = 16;
            builder.AutoPrepareMinUsages = 2;
        }

        builder.SearchPath = options.Schema;
        builder.ApplicationName ??= "OrleansBackend";
        _dataSource = NpgsqlDataSource.Create(builder);
        Description = $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database} (schema {options.Schema})";
    }

    public override string Description { get; }

    protected override string SystemName => "postgresql";

    protected override int WriterCount => _options.WriterCount;

    protected override async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // Silos starting together take turns: the second one finds the work done.
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1)", connection, transaction))
        {
            lockCommand.Parameters.Add(new NpgsqlParameter<long> { TypedValue = unchecked((long)StableHash.Of("OrleansBackend.schema", _options.Schema)) });
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        bool schemaExists;
        await using (var exists = new NpgsqlCommand(PostgresSql.SchemaExists, connection, transaction))
        {
            exists.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _options.Schema });
            schemaExists = (bool)(await exists.ExecuteScalarAsync(cancellationToken))!;
        }

        if (!schemaExists)
        {
            await ExecuteAsync(connection, transaction, $"CREATE SCHEMA \"{_options.Schema}\"", cancellationToken);
        }

        await ExecuteAsync(connection, transaction, $"SET LOCAL search_path TO \"{_options.Schema}\"", cancellationToken);
        await ExecuteAsync(connection, transaction, PostgresSql.CreateSchemaVersionTable, cancellationToken);
        var applied = new HashSet<int>();
        await using (var read = new NpgsqlCommand(PostgresSql.ReadSchemaVersions, connection, transaction))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                applied.Add(reader.GetInt32(0));
            }
        }

        foreach (var migration in Migrations)
        {
            if (applied.Contains(migration.Version))
            {
                continue;
            }

            Logger.LogInformation("{Database}: applying schema migration {Version} ({Name})", Description, migration.Version, migration.Name);
            await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken);
            await using var record = new NpgsqlCommand(PostgresSql.RecordSchemaVersion, connection, transaction);
            record.Parameters.Add(new NpgsqlParameter<int> { TypedValue = migration.Version });
            record.Parameters.Add(new NpgsqlParameter<string> { TypedValue = migration.Name });
            await record.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    protected override async Task<StoredState?> ReadStateCoreAsync(GrainId grainId, string stateName, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(PostgresSql.ReadState, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = ServiceId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = grainId.Type });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = grainId.Key });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = stateName });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new StoredState(reader.IsDBNull(0) ? null : reader.GetFieldValue<byte[]>(0), reader.GetInt64(1));
    }

    protected override async Task ExecuteBatchCoreAsync(List<StateWrite> batch, CancellationToken cancellationToken)
    {
        var count = batch.Count;
        var types = new string[count];
        var keys = new string[count];
        var names = new string[count];
        var expected = new long?[count];
        var payloads = new byte[]?[count];
        var eventCount = 0;
        for (var i = 0; i < count; i++)
        {
            var write = batch[i];
            types[i] = write.GrainId.Type;
            keys[i] = write.GrainId.Key;
            names[i] = write.StateName;
            expected[i] = write.ExpectedVersion;
            payloads[i] = write.Payload;
            eventCount += write.Events?.Count ?? 0;
        }

        var eventOrdinals = new int[eventCount];
        var eventNamespaces = new string[eventCount];
        var eventKeys = new string[eventCount];
        var eventTypes = new string[eventCount];
        var eventPayloads = new byte[eventCount][];
        var eventPartitions = new int[eventCount];
        var e = 0;
        for (var i = 0; i < count; i++)
        {
            if (batch[i].Events is not { } events)
            {
                continue;
            }

            for (var j = 0; j < events.Count; j++, e++)
            {
                var item = events[j];
                eventOrdinals[e] = i + 1;
                eventNamespaces[e] = item.StreamNamespace;
                eventKeys[e] = item.StreamKey;
                eventTypes[e] = item.EventType;
                eventPayloads[e] = item.Payload;
                eventPartitions[e] = StreamPartitioner.GetPartition(item.StreamNamespace, item.StreamKey, EventPartitionCount);
            }
        }

        await using var connection = await OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(PostgresSql.WriteBatch, connection);
        var parameters = command.Parameters;
        parameters.Add(new NpgsqlParameter<string> { TypedValue = ServiceId });
        parameters.Add(new NpgsqlParameter<string[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, TypedValue = types });
        parameters.Add(new NpgsqlParameter<string[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, TypedValue = keys });
        parameters.Add(new NpgsqlParameter<string[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, TypedValue = names });
        parameters.Add(new NpgsqlParameter<long?[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint, TypedValue = expected });
        parameters.Add(new NpgsqlParameter<byte[]?[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea, TypedValue = payloads });
        parameters.Add(new NpgsqlParameter<int[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer, TypedValue = eventOrdinals });
        parameters.Add(new NpgsqlParameter<string[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, TypedValue = eventNamespaces });
        parameters.Add(new NpgsqlParameter<string[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, TypedValue = eventKeys });
        parameters.Add(new NpgsqlParameter<string[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, TypedValue = eventTypes });
        parameters.Add(new NpgsqlParameter<byte[][]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea, TypedValue = eventPayloads });
        parameters.Add(new NpgsqlParameter<int[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer, TypedValue = eventPartitions });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var write = batch[(int)reader.GetInt64(0) - 1];
            write.NewVersion = reader.IsDBNull(1) ? null : reader.GetInt64(1);
            write.StoredVersion = reader.IsDBNull(2) ? null : reader.GetInt64(2);
        }
    }

    protected override Task<IReadOnlyList<StoredEvent>> ReadPartitionCoreAsync(int partition, long afterId, int maxCount, CancellationToken cancellationToken) =>
        ReadEventsAsync(PostgresSql.ReadPartition, [ServiceId, partition, afterId, (long)maxCount], cancellationToken);

    protected override Task<IReadOnlyList<StoredEvent>> ReadStreamCoreAsync(string streamNamespace, string streamKey, long afterSequence, int maxCount, CancellationToken cancellationToken) =>
        ReadEventsAsync(PostgresSql.ReadStream, [ServiceId, streamNamespace, streamKey, afterSequence, (long)maxCount], cancellationToken);

    protected override async Task<T> WithReadConnectionAsync<T>(Func<DbConnection, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await work(connection, cancellationToken);
    }

    protected override Task<T> WithWriteConnectionAsync<T>(Func<DbConnection, CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
        WithReadConnectionAsync(work, cancellationToken);

    protected override StorageFailureKind ClassifyFailure(Exception exception) => exception switch
    {
        // The server answered with an error, so the statement (and its implicit transaction) did not commit.
        PostgresException postgres => IsTransient(postgres.SqlState) ? StorageFailureKind.Retryable : StorageFailureKind.Rejected,

        // The connection broke or a timeout hit while the statement ran: it may have committed.
        NpgsqlException or TimeoutException or IOException => StorageFailureKind.Unknown,
        _ => StorageFailureKind.Rejected,
    };

    protected override void OnFailure(Exception exception, StorageFailureKind kind)
    {
        if (kind == StorageFailureKind.Unknown
            || exception is DatabaseUnreachableException or PostgresException { SqlState: "57P01" or "57P02" or "57P03" })
        {
            // The server went away or restarted: idle pooled connections are dead too. Dropping them makes the
            // next operation connect afresh (and fail fast while the server is down) instead of failing on a dead socket.
            _dataSource.Clear();
        }
    }

    protected override ValueTask DisposeCoreAsync() => _dataSource.DisposeAsync();

    /// <summary>
    /// The keywords the connection string really sets (the Npgsql builder reports every keyword it knows as present),
    /// lower-cased without spaces.
    /// </summary>
    private static HashSet<string> GivenKeywords(string connectionString)
    {
        var keywords = new HashSet<string>(StringComparer.Ordinal);
        var parsed = new DbConnectionStringBuilder { ConnectionString = connectionString };
        foreach (string key in parsed.Keys)
        {
            keywords.Add(key.Replace(" ", string.Empty, StringComparison.Ordinal).ToLowerInvariant());
        }

        return keywords;
    }

    private static bool IsTransient(string sqlState) =>
        sqlState.StartsWith("40", StringComparison.Ordinal) // serialization failure, deadlock
        || sqlState.StartsWith("08", StringComparison.Ordinal) // connection exceptions
        || sqlState.StartsWith("53", StringComparison.Ordinal) // insufficient resources (too many connections)
        || sqlState is "57P01" or "57P02" or "57P03" or "55P03"; // shutdown, starting up, lock not available

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _dataSource.OpenConnectionAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException or IOException)
        {
            throw new DatabaseUnreachableException($"Could not connect to {Description}: {exception.Message}", exception);
        }
    }

    private async Task<IReadOnlyList<StoredEvent>> ReadEventsAsync(string sql, object[] arguments, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var argument in arguments)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = argument });
        }

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
                reader.GetFieldValue<byte[]>(6),
                reader.GetFieldValue<DateTimeOffset>(7)));
        }

        return result;
    }
}
