using System.Data.Common;
using Npgsql;
using NpgsqlTypes;
using OrleansBackend.Runtime.Persistence;
using OrleansBackend.Runtime.Persistence.AdoNet;
using OrleansBackend.Runtime.Streams.Storage;

namespace OrleansBackend.Runtime.Streams.AdoNet.Postgres;

/// <summary>The durable stream store on PostgreSQL: appends and progress as one statement over arrays.</summary>
internal sealed class PostgresStreamStore : AdoNetStreamStore
{
    public PostgresStreamStore(AdoNetDatabase database, string provider, int maxAppendBatch)
        : base(database, provider, writerCount: 2, maxAppendBatch)
    {
    }

    protected override string SaveCheckpointSql => PostgresStreamSql.SaveCheckpoint;

    protected override string NextVersionSql => PostgresStreamSql.NextVersion;

    protected override string AddChangeSql => PostgresStreamSql.AddChange;

    protected override string AddDeadLetterSql => PostgresStreamSql.AddDeadLetter;

    protected override string ReadDeadLettersSql => PostgresStreamSql.ReadDeadLetters;

    protected override async Task AppendBatchAsync(DbConnection connection, List<AppendRequest> batch, CancellationToken cancellationToken)
    {
        var count = 0;
        foreach (var request in batch)
        {
            count += request.Events.Count;
        }

        var namespaces = new string[count];
        var keys = new string[count];
        var types = new string[count];
        var payloads = new byte[count][];
        var partitions = new int[count];
        var i = 0;
        foreach (var request in batch)
        {
            var events = request.Events;
            for (var j = 0; j < events.Count; j++, i++)
            {
                var e = events[j];
                namespaces[i] = e.StreamNamespace;
                keys[i] = e.StreamKey;
                types[i] = e.EventType;
                payloads[i] = e.Payload;
                partitions[i] = StreamPartitioner.GetPartition(e.StreamNamespace, e.StreamKey, PartitionCount);
            }
        }

        await using var command = new NpgsqlCommand(PostgresStreamSql.AppendBatch, (NpgsqlConnection)connection);
        var parameters = command.Parameters;
        parameters.Add(new NpgsqlParameter<string> { TypedValue = ServiceId });
        parameters.Add(new NpgsqlParameter<string[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, TypedValue = namespaces });
        parameters.Add(new NpgsqlParameter<string[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, TypedValue = keys });
        parameters.Add(new NpgsqlParameter<string[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, TypedValue = types });
        parameters.Add(new NpgsqlParameter<byte[][]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea, TypedValue = payloads });
        parameters.Add(new NpgsqlParameter<int[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer, TypedValue = partitions });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    protected override async Task SavePositionsAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<SubscriptionRecord> positions, CancellationToken cancellationToken)
    {
        if (positions.Count == 0)
        {
            return;
        }

        var count = positions.Count;
        var namespaces = new string[count];
        var keys = new string[count];
        var ids = new string[count];
        var values = new long[count];
        var epochs = new long[count];
        for (var i = 0; i < count; i++)
        {
            var p = positions[i];
            namespaces[i] = p.Stream.Namespace;
            keys[i] = p.Stream.Key;
            ids[i] = p.Id.ToString("D");
            values[i] = p.Position;
            epochs[i] = p.Epoch;
        }

        await using var command = new NpgsqlCommand(PostgresStreamSql.SavePositions, (NpgsqlConnection)connection, (NpgsqlTransaction)transaction);
        var parameters = command.Parameters;
        parameters.Add(new NpgsqlParameter<string> { TypedValue = ServiceId });
        parameters.Add(new NpgsqlParameter<string> { TypedValue = Provider });
        parameters.Add(new NpgsqlParameter<string[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, TypedValue = namespaces });
        parameters.Add(new NpgsqlParameter<string[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, TypedValue = keys });
        parameters.Add(new NpgsqlParameter<string[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, TypedValue = ids });
        parameters.Add(new NpgsqlParameter<long[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint, TypedValue = values });
        parameters.Add(new NpgsqlParameter<long[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint, TypedValue = epochs });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    protected override object Time(DateTimeOffset value) => value.ToUniversalTime();

    protected override DateTimeOffset ReadTime(DbDataReader reader, int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal);
}
