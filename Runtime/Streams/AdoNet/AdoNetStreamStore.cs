using System.Data.Common;
using System.Globalization;
using OrleansBackend.Runtime.Grains;
using OrleansBackend.Runtime.Persistence;
using OrleansBackend.Runtime.Persistence.AdoNet;
using OrleansBackend.Runtime.Streams.Storage;

namespace OrleansBackend.Runtime.Streams.AdoNet;

/// <summary>
/// The durable provider's store in the grain-state database: events in the outbox tables (stream_events,
/// stream_heads), bookkeeping in the tables of migration 3. The SQL both dialects share is here; each dialect
/// supplies the batched append, the clock columns and its own statement forms.
/// </summary>
internal abstract class AdoNetStreamStore : IStreamStore, IAsyncDisposable
{
    private const int RetainedChanges = 10_000;

    private const string SubscriptionColumns =
        "SELECT subscription_id, consumer_type, consumer_key, is_implicit, position, epoch FROM stream_subscriptions ";

    private const string StreamFilter =
        "service_id = @service AND provider = @provider AND stream_namespace = @ns AND stream_key = @key";

    private readonly EventAppendBatcher _appender;

    protected AdoNetStreamStore(AdoNetDatabase database, string provider, int writerCount, int maxAppendBatch)
    {
        Database = database;
        Provider = provider;
        _appender = new EventAppendBatcher(
            (batch, token) => database.WriteAsync(
                "appending stream events",
                async (connection, t) =>
                {
                    await AppendBatchAsync(connection, batch, t);
                    return true;
                },
                token),
            writerCount,
            maxAppendBatch);
    }

    public int PartitionCount => Database.EventPartitionCount;

    protected AdoNetDatabase Database { get; }

    protected string Provider { get; }

    protected string ServiceId => Database.ServiceId;

    /// <summary>The statement that upserts a partition checkpoint (<c>@service, @provider, @partition, @last, @now</c>).</summary>
    protected abstract string SaveCheckpointSql { get; }

    /// <summary>The statement that bumps the subscription version and returns it (<c>@service, @provider</c>).</summary>
    protected abstract string NextVersionSql { get; }

    /// <summary>The statement that records a change (<c>@service, @provider, @version, @ns, @key, @now</c>).</summary>
    protected abstract string AddChangeSql { get; }

    /// <summary>The statement that parks a dead letter.</summary>
    protected abstract string AddDeadLetterSql { get; }

    /// <summary>The columns of dead letters, oldest first.</summary>
    protected abstract string ReadDeadLettersSql { get; }

    public Task AppendAsync(IReadOnlyList<OutboxEvent> events, CancellationToken cancellationToken) =>
        events.Count == 0 ? Task.CompletedTask : _appender.AppendAsync(events, cancellationToken);

    public async Task<IReadOnlyList<StreamEventRecord>> ReadPartitionAsync(int partition, long afterId, int maxCount, CancellationToken cancellationToken) =>
        StoredEventMapping.ToRecords(await Database.ReadPartitionAsync(partition, afterId, maxCount, cancellationToken));

    public async Task<IReadOnlyList<StreamEventRecord>> ReadStreamAsync(StreamId stream, long afterSequence, int maxCount, CancellationToken cancellationToken) =>
        StoredEventMapping.ToRecords(await Database.ReadStreamAsync(stream.Namespace, stream.Key, afterSequence, maxCount, cancellationToken));

    public Task<long> ReadStreamHeadAsync(StreamId stream, CancellationToken cancellationToken) =>
        Database.ReadAsync(
            "reading a stream head",
            async (connection, token) =>
            {
                await using var command = Command(connection, "SELECT last_sequence FROM stream_heads WHERE service_id = @service AND stream_namespace = @ns AND stream_key = @key");
                Add(command, "@ns", stream.Namespace);
                Add(command, "@key", stream.Key);
                return await command.ExecuteScalarAsync(token) is { } value and not DBNull ? Convert.ToInt64(value, CultureInfo.InvariantCulture) : 0L;
            },
            cancellationToken);

    public Task<long> ReadPartitionCheckpointAsync(int partition, CancellationToken cancellationToken) =>
        Database.ReadAsync(
            "reading a stream checkpoint",
            async (connection, token) =>
            {
                await using var command = Command(connection, "SELECT last_id FROM stream_checkpoints WHERE service_id = @service AND provider = @provider AND partition = @partition");
                Add(command, "@partition", partition);
                return await command.ExecuteScalarAsync(token) is { } value and not DBNull ? Convert.ToInt64(value, CultureInfo.InvariantCulture) : 0L;
            },
            cancellationToken);

    public Task SaveProgressAsync(int partition, long checkpoint, IReadOnlyList<SubscriptionRecord> positions, CancellationToken cancellationToken) =>
        Database.WriteAsync(
            "recording stream progress",
            async (connection, token) =>
            {
                await using var transaction = await connection.BeginTransactionAsync(token);
                await using (var save = Command(connection, SaveCheckpointSql, transaction))
                {
                    Add(save, "@partition", partition);
                    Add(save, "@last", checkpoint);
                    Add(save, "@now", Now());
                    await save.ExecuteNonQueryAsync(token);
                }

                await SavePositionsAsync(connection, transaction, positions, token);
                await transaction.CommitAsync(token);
                return true;
            },
            cancellationToken);

    public Task<IReadOnlyList<SubscriptionRecord>> ReadSubscriptionsAsync(StreamId stream, CancellationToken cancellationToken) =>
        Database.ReadAsync(
            "reading stream subscriptions",
            async (connection, token) =>
            {
                await using var command = Command(connection, SubscriptionColumns + "WHERE " + StreamFilter);
                Add(command, "@ns", stream.Namespace);
                Add(command, "@key", stream.Key);
                var result = new List<SubscriptionRecord>();
                await using var reader = await command.ExecuteReaderAsync(token);
                while (await reader.ReadAsync(token))
                {
                    result.Add(new SubscriptionRecord(
                        Guid.Parse(reader.GetString(0)),
                        stream,
                        new GrainId(reader.GetString(1), reader.GetString(2)),
                        Convert.ToInt64(reader.GetValue(3), CultureInfo.InvariantCulture) != 0,
                        Convert.ToInt64(reader.GetValue(4), CultureInfo.InvariantCulture),
                        Convert.ToInt64(reader.GetValue(5), CultureInfo.InvariantCulture)));
                }

                return (IReadOnlyList<SubscriptionRecord>)result;
            },
            cancellationToken);

    public Task<SubscriptionRecord> AddSubscriptionAsync(SubscriptionRecord subscription, long? startAfter, CancellationToken cancellationToken) =>
        Database.WriteAsync(
            "adding a stream subscription",
            async (connection, token) =>
            {
                await using var transaction = await connection.BeginTransactionAsync(token);
                var position = startAfter ?? 0;
                if (startAfter is null)
                {
                    await using var head = Command(connection, "SELECT last_sequence FROM stream_heads WHERE service_id = @service AND stream_namespace = @ns AND stream_key = @key", transaction);
                    Add(head, "@ns", subscription.Stream.Namespace);
                    Add(head, "@key", subscription.Stream.Key);
                    position = await head.ExecuteScalarAsync(token) is { } value and not DBNull ? Convert.ToInt64(value, CultureInfo.InvariantCulture) : 0L;
                }

                await using (var insert = Command(
                    connection,
                    "INSERT INTO stream_subscriptions (service_id, provider, stream_namespace, stream_key, subscription_id, consumer_type, consumer_key, is_implicit, position, epoch) " +
                    "VALUES (@service, @provider, @ns, @key, @id, @type, @consumer, 0, @position, 1)",
                    transaction))
                {
                    BindSubscription(insert, subscription);
                    Add(insert, "@position", position);
                    await insert.ExecuteNonQueryAsync(token);
                }

                await AddChangeAsync(connection, transaction, subscription.Stream, token);
                await transaction.CommitAsync(token);
                return subscription with { Position = position, Epoch = 1 };
            },
            cancellationToken);

    public Task RewindSubscriptionAsync(SubscriptionRecord subscription, long position, CancellationToken cancellationToken) =>
        Database.WriteAsync(
            "rewinding a stream subscription",
            async (connection, token) =>
            {
                await using var transaction = await connection.BeginTransactionAsync(token);
                int updated;
                await using (var update = Command(connection, "UPDATE stream_subscriptions SET position = @position, epoch = epoch + 1 WHERE " + StreamFilter + " AND subscription_id = @id", transaction))
                {
                    Add(update, "@position", position);
                    Add(update, "@ns", subscription.Stream.Namespace);
                    Add(update, "@key", subscription.Stream.Key);
                    Add(update, "@id", subscription.Id.ToString("D"));
                    updated = await update.ExecuteNonQueryAsync(token);
                }

                if (updated == 0)
                {
                    if (!subscription.IsImplicit)
                    {
                        throw new InvalidOperationException($"Subscription {subscription.Id} of stream {subscription.Stream} does not exist.");
                    }

                    await using var insert = Command(
                        connection,
                        "INSERT INTO stream_subscriptions (service_id, provider, stream_namespace, stream_key, subscription_id, consumer_type, consumer_key, is_implicit, position, epoch) " +
                        "VALUES (@service, @provider, @ns, @key, @id, @type, @consumer, 1, @position, 1)",
                        transaction);
                    BindSubscription(insert, subscription);
                    Add(insert, "@position", position);
                    await insert.ExecuteNonQueryAsync(token);
                }

                await AddChangeAsync(connection, transaction, subscription.Stream, token);
                await transaction.CommitAsync(token);
                return true;
            },
            cancellationToken);

    public Task RemoveSubscriptionAsync(StreamId stream, Guid subscriptionId, CancellationToken cancellationToken) =>
        Database.WriteAsync(
            "removing a stream subscription",
            async (connection, token) =>
            {
                await using var transaction = await connection.BeginTransactionAsync(token);
                int removed;
                await using (var delete = Command(connection, "DELETE FROM stream_subscriptions WHERE " + StreamFilter + " AND subscription_id = @id AND is_implicit = 0", transaction))
                {
                    Add(delete, "@ns", stream.Namespace);
                    Add(delete, "@key", stream.Key);
                    Add(delete, "@id", subscriptionId.ToString("D"));
                    removed = await delete.ExecuteNonQueryAsync(token);
                }

                if (removed > 0)
                {
                    await AddChangeAsync(connection, transaction, stream, token);
                }

                await transaction.CommitAsync(token);
                return true;
            },
            cancellationToken);

    public Task<(IReadOnlyList<SubscriptionChange> Changes, long Version)> ReadSubscriptionChangesAsync(long afterVersion, CancellationToken cancellationToken) =>
        Database.ReadAsync(
            "reading stream subscription changes",
            async (connection, token) =>
            {
                // The version first: a change committed between the two reads is found by the next call.
                long version;
                await using (var current = Command(connection, "SELECT version FROM stream_subscription_versions WHERE service_id = @service AND provider = @provider"))
                {
                    version = await current.ExecuteScalarAsync(token) is { } value and not DBNull ? Convert.ToInt64(value, CultureInfo.InvariantCulture) : 0L;
                }

                var changes = new List<SubscriptionChange>();
                if (afterVersion < version)
                {
                    await using var read = Command(
                        connection,
                        "SELECT version, stream_namespace, stream_key FROM stream_subscription_changes " +
                        "WHERE service_id = @service AND provider = @provider AND version > @after AND version <= @upto ORDER BY version");
                    Add(read, "@after", afterVersion);
                    Add(read, "@upto", version);
                    await using var reader = await read.ExecuteReaderAsync(token);
                    while (await reader.ReadAsync(token))
                    {
                        changes.Add(new SubscriptionChange(reader.GetInt64(0), StreamId.Create(reader.GetString(1), reader.GetString(2))));
                    }
                }

                return ((IReadOnlyList<SubscriptionChange>)changes, version);
            },
            cancellationToken);

    public Task AddDeadLetterAsync(DeadLetter letter, CancellationToken cancellationToken) =>
        Database.WriteAsync(
            "parking a stream dead letter",
            async (connection, token) =>
            {
                await using var command = Command(connection, AddDeadLetterSql);
                var e = letter.Event;
                Add(command, "@ns", e.Namespace);
                Add(command, "@key", e.Key);
                Add(command, "@sequence", e.Sequence);
                Add(command, "@event", e.Id);
                Add(command, "@type", e.EventType);
                Add(command, "@payload", e.Payload);
                Add(command, "@created", Time(e.CreatedAt));
                Add(command, "@id", letter.SubscriptionId.ToString("D"));
                Add(command, "@consumerType", letter.Consumer.Type);
                Add(command, "@consumerKey", letter.Consumer.Key);
                Add(command, "@error", letter.Error);
                Add(command, "@attempts", letter.Attempts);
                Add(command, "@failed", Time(letter.FailedAt));
                await command.ExecuteNonQueryAsync(token);
                return true;
            },
            cancellationToken);

    public Task<IReadOnlyList<DeadLetter>> ReadDeadLettersAsync(int maxCount, CancellationToken cancellationToken) =>
        Database.ReadAsync(
            "reading stream dead letters",
            async (connection, token) =>
            {
                await using var command = Command(connection, ReadDeadLettersSql);
                Add(command, "@limit", maxCount);
                var result = new List<DeadLetter>();
                await using var reader = await command.ExecuteReaderAsync(token);
                while (await reader.ReadAsync(token))
                {
                    var record = new StreamEventRecord(
                        reader.GetInt64(4),
                        reader.GetString(0),
                        reader.GetString(1),
                        reader.GetInt64(2),
                        reader.GetString(3),
                        (byte[])reader.GetValue(5),
                        ReadTime(reader, 6));
                    result.Add(new DeadLetter(
                        record,
                        Guid.Parse(reader.GetString(7)),
                        new GrainId(reader.GetString(8), reader.GetString(9)),
                        reader.GetString(10),
                        Convert.ToInt32(reader.GetValue(11), CultureInfo.InvariantCulture),
                        ReadTime(reader, 12)));
                }

                return (IReadOnlyList<DeadLetter>)result;
            },
            cancellationToken);

    public ValueTask DisposeAsync() => _appender.DisposeAsync();

    /// <summary>Appends a batch of publish calls in the given connection, in one transaction.</summary>
    protected abstract Task AppendBatchAsync(DbConnection connection, List<AppendRequest> batch, CancellationToken cancellationToken);

    /// <summary>Records subscription positions inside the progress transaction.</summary>
    protected abstract Task SavePositionsAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<SubscriptionRecord> positions, CancellationToken cancellationToken);

    /// <summary>The value of a time column.</summary>
    protected abstract object Time(DateTimeOffset value);

    /// <summary>Reads a time column.</summary>
    protected abstract DateTimeOffset ReadTime(DbDataReader reader, int ordinal);

    protected object Now() => Time(DateTimeOffset.UtcNow);

    protected static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    /// <summary>A command with the service id and provider already bound.</summary>
    protected DbCommand Command(DbConnection connection, string sql, DbTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        Add(command, "@service", ServiceId);
        Add(command, "@provider", Provider);
        return command;
    }

    private static void BindSubscription(DbCommand command, SubscriptionRecord subscription)
    {
        Add(command, "@ns", subscription.Stream.Namespace);
        Add(command, "@key", subscription.Stream.Key);
        Add(command, "@id", subscription.Id.ToString("D"));
        Add(command, "@type", subscription.Consumer.Type);
        Add(command, "@consumer", subscription.Consumer.Key);
    }

    private async Task AddChangeAsync(DbConnection connection, DbTransaction transaction, StreamId stream, CancellationToken token)
    {
        long version;
        await using (var next = Command(connection, NextVersionSql, transaction))
        {
            version = Convert.ToInt64(await next.ExecuteScalarAsync(token), CultureInfo.InvariantCulture);
        }

        await using (var change = Command(connection, AddChangeSql, transaction))
        {
            Add(change, "@version", version);
            Add(change, "@ns", stream.Namespace);
            Add(change, "@key", stream.Key);
            Add(change, "@now", Now());
            await change.ExecuteNonQueryAsync(token);
        }

        if (version % 1000 == 0)
        {
            await using var trim = Command(connection, "DELETE FROM stream_subscription_changes WHERE service_id = @service AND provider = @provider AND version <= @oldest", transaction);
            Add(trim, "@oldest", version - RetainedChanges);
            await trim.ExecuteNonQueryAsync(token);
        }
    }
}
