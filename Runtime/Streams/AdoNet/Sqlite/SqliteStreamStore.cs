using System.Data.Common;
using System.Globalization;
using OrleansBackend.Runtime.Persistence;
using OrleansBackend.Runtime.Persistence.AdoNet;
using OrleansBackend.Runtime.Streams.Storage;

namespace OrleansBackend.Runtime.Streams.AdoNet.Sqlite;

/// <summary>
/// The durable stream store on SQLite: appends go through the file's single writer (taking turns with grain-state
/// group commit), a batch of publish calls per transaction, written with multi-row statements.
/// </summary>
internal sealed class SqliteStreamStore : AdoNetStreamStore
{
    // Well below SQLite's limit of bound variables per statement.
    private const int EventRowsPerStatement = 128;
    private const int StreamsPerStatement = 256;

    public SqliteStreamStore(AdoNetDatabase database, string provider, int maxAppendBatch)
        : base(database, provider, writerCount: 1, maxAppendBatch)
    {
    }

    protected override string SaveCheckpointSql => SqliteStreamSql.SaveCheckpoint;

    protected override string NextVersionSql => SqliteStreamSql.NextVersion;

    protected override string AddChangeSql => SqliteStreamSql.AddChange;

    protected override string AddDeadLetterSql => SqliteStreamSql.AddDeadLetter;

    protected override string ReadDeadLettersSql => SqliteStreamSql.ReadDeadLetters;

    protected override async Task AppendBatchAsync(DbConnection connection, List<AppendRequest> batch, CancellationToken cancellationToken)
    {
        // One writer holds the file's write lock for the whole transaction (BEGIN IMMEDIATE), so heads read here cannot
        // change before the commit: sequences are computed in memory and written with multi-row statements.
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var heads = new Dictionary<(string Namespace, string Key), long>();
        foreach (var request in batch)
        {
            foreach (var e in request.Events)
            {
                heads.TryAdd((e.StreamNamespace, e.StreamKey), 0);
            }
        }

        var streams = heads.Keys.ToArray();
        await ReadHeadsAsync(connection, transaction, streams, heads, cancellationToken);
        var rows = new List<(OutboxEvent Event, long Sequence)>();
        foreach (var request in batch)
        {
            foreach (var e in request.Events)
            {
                var key = (e.StreamNamespace, e.StreamKey);
                var sequence = heads[key] + 1;
                heads[key] = sequence;
                rows.Add((e, sequence));
            }
        }

        var now = Now();
        for (var start = 0; start < rows.Count; start += EventRowsPerStatement)
        {
            var count = Math.Min(EventRowsPerStatement, rows.Count - start);
            await using var insert = Command(connection, SqliteStreamSql.InsertEvents(count), transaction);
            for (var i = 0; i < count; i++)
            {
                var (e, sequence) = rows[start + i];
                Add(insert, $"@n{i}", e.StreamNamespace);
                Add(insert, $"@k{i}", e.StreamKey);
                Add(insert, $"@s{i}", sequence);
                Add(insert, $"@p{i}", StreamPartitioner.GetPartition(e.StreamNamespace, e.StreamKey, PartitionCount));
                Add(insert, $"@t{i}", e.EventType);
                Add(insert, $"@b{i}", e.Payload);
            }

            Add(insert, "@now", now);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        for (var start = 0; start < streams.Length; start += StreamsPerStatement)
        {
            var count = Math.Min(StreamsPerStatement, streams.Length - start);
            await using var upsert = Command(connection, SqliteStreamSql.UpsertHeads(count), transaction);
            for (var i = 0; i < count; i++)
            {
                var stream = streams[start + i];
                Add(upsert, $"@n{i}", stream.Namespace);
                Add(upsert, $"@k{i}", stream.Key);
                Add(upsert, $"@l{i}", heads[stream]);
            }

            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private async Task ReadHeadsAsync(DbConnection connection, DbTransaction transaction, (string Namespace, string Key)[] streams, Dictionary<(string Namespace, string Key), long> heads, CancellationToken cancellationToken)
    {
        for (var start = 0; start < streams.Length; start += StreamsPerStatement)
        {
            var count = Math.Min(StreamsPerStatement, streams.Length - start);
            await using var read = Command(connection, SqliteStreamSql.ReadHeads(count), transaction);
            for (var i = 0; i < count; i++)
            {
                Add(read, $"@n{i}", streams[start + i].Namespace);
                Add(read, $"@k{i}", streams[start + i].Key);
            }

            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                heads[(reader.GetString(0), reader.GetString(1))] = reader.GetInt64(2);
            }
        }
    }

    protected override async Task SavePositionsAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<SubscriptionRecord> positions, CancellationToken cancellationToken)
    {
        if (positions.Count == 0)
        {
            return;
        }

        await using var command = Command(connection, SqliteStreamSql.SavePosition, transaction);
        var ns = Parameter(command, "@ns");
        var key = Parameter(command, "@key");
        var id = Parameter(command, "@id");
        var position = Parameter(command, "@position");
        var epoch = Parameter(command, "@epoch");
        foreach (var p in positions)
        {
            ns.Value = p.Stream.Namespace;
            key.Value = p.Stream.Key;
            id.Value = p.Id.ToString("D");
            position.Value = p.Position;
            epoch.Value = p.Epoch;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    protected override object Time(DateTimeOffset value) => value.ToUnixTimeMilliseconds();

    protected override DateTimeOffset ReadTime(DbDataReader reader, int ordinal) => DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));

    private static DbParameter Parameter(DbCommand command, string name)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        command.Parameters.Add(parameter);
        return parameter;
    }
}
