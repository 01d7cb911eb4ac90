using Microsoft.Data.Sqlite;

namespace OrleansBackend.Runtime.Persistence.AdoNet.Sqlite;

/// <summary>
/// The one connection that writes to a SQLite file, with its statements prepared once. SQLite allows one writer
/// at a time; keeping all writes of the process on this connection (in turn) means they never fight over the
/// lock, so "database is locked" only happens when another process holds it for longer than the busy timeout.
/// </summary>
internal sealed class SqliteStateWriter : IDisposable
{
    private const string UpdateSql =
        "UPDATE grain_state SET payload = @payload, version = version + 1, modified_at = @now " +
        "WHERE service_id = @service AND grain_type = @type AND grain_key = @key AND state_name = @name AND version = @expected " +
        "RETURNING version";

    private const string InsertSql =
        "INSERT INTO grain_state (service_id, grain_type, grain_key, state_name, payload, version, modified_at) " +
        "VALUES (@service, @type, @key, @name, @payload, 1, @now) ON CONFLICT DO NOTHING RETURNING version";

    private const string CurrentSql =
        "SELECT version FROM grain_state WHERE service_id = @service AND grain_type = @type AND grain_key = @key AND state_name = @name";

    private const string HeadSql =
        "INSERT INTO stream_heads (service_id, stream_namespace, stream_key, last_sequence) VALUES (@service, @ns, @key, 1) " +
        "ON CONFLICT (service_id, stream_namespace, stream_key) DO UPDATE SET last_sequence = last_sequence + 1 RETURNING last_sequence";

    private const string EventSql =
        "INSERT INTO stream_events (service_id, stream_namespace, stream_key, sequence, partition, event_type, payload, created_at) " +
        "VALUES (@service, @ns, @key, @sequence, @partition, @type, @payload, @now)";

    private readonly string _serviceId;
    private readonly int _partitionCount;
    private readonly SqliteCommand _update;
    private readonly SqliteCommand _insert;
    private readonly SqliteCommand _current;
    private readonly SqliteCommand _head;
    private readonly SqliteCommand _event;

    public SqliteStateWriter(SqliteConnection connection, string serviceId, int partitionCount)
    {
        Connection = connection;
        _serviceId = serviceId;
        _partitionCount = partitionCount;
        _update = Prepare(UpdateSql, "@payload", "@now", "@service", "@type", "@key", "@name", "@expected");
        _insert = Prepare(InsertSql, "@service", "@type", "@key", "@name", "@payload", "@now");
        _current = Prepare(CurrentSql, "@service", "@type", "@key", "@name");
        _head = Prepare(HeadSql, "@service", "@ns", "@key");
        _event = Prepare(EventSql, "@service", "@ns", "@key", "@sequence", "@partition", "@type", "@payload", "@now");
    }

    public SqliteConnection Connection { get; }

    /// <summary>Applies a batch in one transaction (one fsync), recording each write's outcome; throws if it did not commit.</summary>
    public void WriteBatch(List<StateWrite> batch)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        using var transaction = Connection.BeginTransaction();
        SetTransaction(transaction);
        foreach (var write in batch)
        {
            var command = write.ExpectedVersion is null ? _insert : _update;
            Bind(command, write, now);
            var version = command.ExecuteScalar();
            if (version is long written)
            {
                write.NewVersion = written;
                AppendEvents(write, now);
            }
            else
            {
                Bind(_current, write, now);
                write.StoredVersion = _current.ExecuteScalar() as long?;
            }
        }

        transaction.Commit();
        SetTransaction(null);
    }

    public void Dispose()
    {
        _update.Dispose();
        _insert.Dispose();
        _current.Dispose();
        _head.Dispose();
        _event.Dispose();
        Connection.Dispose();
    }

    private void SetTransaction(SqliteTransaction? transaction)
    {
        _update.Transaction = transaction;
        _insert.Transaction = transaction;
        _current.Transaction = transaction;
        _head.Transaction = transaction;
        _event.Transaction = transaction;
    }

    private void AppendEvents(StateWrite write, long now)
    {
        if (write.Events is not { } events)
        {
            return;
        }

        for (var i = 0; i < events.Count; i++)
        {
            var item = events[i];
            var head = _head.Parameters;
            head[0].Value = _serviceId;
            head[1].Value = item.StreamNamespace;
            head[2].Value = item.StreamKey;
            var sequence = (long)_head.ExecuteScalar()!;

            var row = _event.Parameters;
            row[0].Value = _serviceId;
            row[1].Value = item.StreamNamespace;
            row[2].Value = item.StreamKey;
            row[3].Value = sequence;
            row[4].Value = StreamPartitioner.GetPartition(item.StreamNamespace, item.StreamKey, _partitionCount);
            row[5].Value = item.EventType;
            row[6].Value = item.Payload;
            row[7].Value = now;
            _event.ExecuteNonQuery();
        }
    }

    private void Bind(SqliteCommand command, StateWrite write, long now)
    {
        foreach (SqliteParameter parameter in command.Parameters)
        {
            parameter.Value = parameter.ParameterName switch
            {
                "@payload" => (object?)write.Payload ?? DBNull.Value,
                "@now" => now,
                "@service" => _serviceId,
                "@type" => write.GrainId.Type,
                "@key" => write.GrainId.Key,
                "@name" => write.StateName,
                "@expected" => write.ExpectedVersion!.Value,
                _ => throw new InvalidOperationException(parameter.ParameterName),
            };
        }
    }

    private SqliteCommand Prepare(string sql, params string[] parameterNames)
    {
        var command = Connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameterNames)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        return command;
    }
}
