using OrleansBackend.Runtime.Persistence.AdoNet.Postgres;

namespace OrleansBackend.Runtime.Streams.AdoNet.Postgres;

/// <summary>The PostgreSQL statements of the durable stream provider (tables: Persistence/AdoNet/Postgres/Migrations).</summary>
internal static class PostgresStreamSql
{
    /// <summary>
    /// Appends a batch of events in one statement, taking per-stream sequence numbers from stream_heads (rows locked in
    /// stream order, so concurrent batches cannot deadlock). Parameters: $1 service id; $2–$6 arrays of stream
    /// namespace, stream key, event type, payload, partition (in publish order).
    /// </summary>
    public const string AppendBatch = $"""
        WITH events AS (
            SELECT * FROM unnest($2::text[], $3::text[], $4::text[], $5::bytea[], $6::int[])
                WITH ORDINALITY AS e(stream_namespace, stream_key, event_type, payload, partition, position)
        ),
        {PostgresEventAppendSql.AdvanceStreamHeads}
        {PostgresEventAppendSql.InsertEvents}
        """;

    /// <summary>
    /// Records subscription positions from arrays. Only rows that exist are updated (an unsubscribed subscription must
    /// not come back), and a position only moves forward within its epoch.
    /// Parameters: $1 service id; $2 provider; $3–$7 arrays of namespace, key, subscription id, position, epoch.
    /// </summary>
    public const string SavePositions = """
        UPDATE stream_subscriptions AS s
        SET position = p.position
        FROM unnest($3::text[], $4::text[], $5::text[], $6::bigint[], $7::bigint[]) AS p(ns, key, id, position, epoch)
        WHERE s.service_id = $1 AND s.provider = $2
          AND s.stream_namespace = p.ns AND s.stream_key = p.key AND s.subscription_id = p.id
          AND s.epoch = p.epoch AND s.position < p.position
        """;

    public const string SaveCheckpoint =
        "INSERT INTO stream_checkpoints (service_id, provider, partition, last_id, modified_at) VALUES (@service, @provider, @partition, @last, @now) " +
        "ON CONFLICT (service_id, provider, partition) DO UPDATE SET last_id = excluded.last_id, modified_at = excluded.modified_at";

    public const string NextVersion =
        "INSERT INTO stream_subscription_versions AS v (service_id, provider, version) VALUES (@service, @provider, 1) " +
        "ON CONFLICT (service_id, provider) DO UPDATE SET version = v.version + 1 RETURNING version";

    public const string AddChange =
        "INSERT INTO stream_subscription_changes (service_id, provider, version, stream_namespace, stream_key, changed_at) VALUES (@service, @provider, @version, @ns, @key, @now)";

    public const string AddDeadLetter =
        "INSERT INTO stream_dead_letters (service_id, provider, stream_namespace, stream_key, sequence, event_id, event_type, payload, created_at, subscription_id, consumer_type, consumer_key, error, attempts, failed_at) " +
        "VALUES (@service, @provider, @ns, @key, @sequence, @event, @type, @payload, @created, @id, @consumerType, @consumerKey, @error, @attempts, @failed)";

    public const string ReadDeadLetters =
        "SELECT stream_namespace, stream_key, sequence, event_type, event_id, payload, created_at, subscription_id, consumer_type, consumer_key, error, attempts, failed_at " +
        "FROM stream_dead_letters WHERE service_id = @service AND provider = @provider ORDER BY id LIMIT @limit";
}
