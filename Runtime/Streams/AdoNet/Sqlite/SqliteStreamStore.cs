using System.Data.Common;
using System.Globalization;
using OrleansBackend.Runtime.Persistence;
using OrleansBackend.Runtime.Persistence.AdoNet;
using OrleansBackend.Runtime.Streams.Storage;

namespace OrleansBackend.Runtime.Streams.AdoNet.Sqlite;

/// <summary>
/// The durable stream store on SQLite: appends go through the file's single writer (taking turns with grain-state
/// group commit), a batch of publish calls per transaction.
/// </summary>
internal sealed class SqliteStreamStore : AdoNetStreamStore
{
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
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var head = Command(connection, SqliteStreamSql.NextSequence, transaction);
        var headNamespace = Parameter(head, "@ns");
        var headKey = Parameter(head, "@key");
        await using var insert = Command(connection, SqliteStreamSql.InsertEvent, transaction);
        var ns = Parameter(insert, "@ns");
        var key = Parameter(insert, "@key");
        var sequence = Parameter(insert, "@sequence");
        var partition = Parameter(insert, "@partition");
        var type = Parameter(insert, "@type");
        var payload = Parameter(insert, "@payload");
        var now = Parameter(insert, "@now");
        now.Value = Now();
        foreach (var request in batch)
        {
            foreach (var e in request.Events)
            {
                headNamespace.Value = e.StreamNamespace;
                headKey.Value = e.StreamKey;
                sequence.Value = Convert.ToInt64(await head.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
                ns.Value = e.StreamNamespace;
                key.Value = e.StreamKey;
                partition.Value = StreamPartitioner.GetPartition(e.StreamNamespace, e.StreamKey, PartitionCount);
                type.Value = e.EventType;
                payload.Value = e.Payload;
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
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
        var consumerType = Parameter(command, "@ctype");
        var consumerKey = Parameter(command, "@ckey");
        var isImplicit = Parameter(command, "@implicit");
        var position = Parameter(command, "@position");
        var epoch = Parameter(command, "@epoch");
        foreach (var p in positions)
        {
            ns.Value = p.Stream.Namespace;
            key.Value = p.Stream.Key;
            id.Value = p.Id.ToString("D");
            consumerType.Value = p.Consumer.Type;
            consumerKey.Value = p.Consumer.Key;
            isImplicit.Value = p.IsImplicit ? 1 : 0;
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
