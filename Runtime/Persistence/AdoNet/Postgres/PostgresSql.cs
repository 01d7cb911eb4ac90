namespace OrleansBackend.Runtime.Persistence.AdoNet.Postgres;

/// <summary>The SQL the PostgreSQL dialect runs (table contract: Migrations/*.sql).</summary>
internal static class PostgresSql
{
    public const string ReadState =
        "SELECT payload, version FROM grain_state WHERE service_id = $1 AND grain_type = $2 AND grain_key = $3 AND state_name = $4";

    /// <summary>
    /// One statement (so one transaction, one commit) for a whole batch of state writes and their events.
    /// Each write is an UPDATE conditional on its expected version, or an INSERT that does nothing when the row
    /// exists; events are appended only for writes that succeeded, with per-stream sequence numbers taken from
    /// stream_heads in the same statement. The result has one row per write: (ordinal, new version or NULL,
    /// and for a conflict the version stored before the statement). A batch never holds the same grain state twice.
    /// Parameters: $1 service id; $2–$6 arrays of grain type, grain key, state name, expected version (NULL:
    /// insert), payload (NULL: clear); $7–$12 arrays of event write ordinal (1-based), stream namespace, stream
    /// key, event type, payload, partition.
    /// </summary>
    public const string WriteBatch = $"""
        WITH input AS (
            SELECT * FROM unnest($2::text[], $3::text[], $4::text[], $5::bigint[], $6::bytea[])
                WITH ORDINALITY AS i(grain_type, grain_key, state_name, expected, payload, ord)
        ),
        updated AS (
            UPDATE grain_state AS s
            SET payload = i.payload, version = s.version + 1, modified_at = now()
            FROM input AS i
            WHERE i.expected IS NOT NULL
              AND s.service_id = $1
              AND s.grain_type = i.grain_type AND s.grain_key = i.grain_key AND s.state_name = i.state_name
              AND s.version = i.expected
            RETURNING i.ord, s.version
        ),
        inserted AS (
            INSERT INTO grain_state AS s (service_id, grain_type, grain_key, state_name, payload, version)
            SELECT $1, i.grain_type, i.grain_key, i.state_name, i.payload, 1
            FROM input AS i
            WHERE i.expected IS NULL
            ON CONFLICT (service_id, grain_type, grain_key, state_name) DO NOTHING
            RETURNING s.grain_type, s.grain_key, s.state_name, s.version
        ),
        written AS (
            SELECT u.ord, u.version FROM updated AS u
            UNION ALL
            SELECT i.ord, n.version
            FROM inserted AS n
            JOIN input AS i
              ON i.expected IS NULL AND i.grain_type = n.grain_type AND i.grain_key = n.grain_key AND i.state_name = n.state_name
        ),
        events AS (
            SELECT e.*
            FROM unnest($7::int[], $8::text[], $9::text[], $10::text[], $11::bytea[], $12::int[])
                WITH ORDINALITY AS e(ord, stream_namespace, stream_key, event_type, payload, partition, position)
            WHERE EXISTS (SELECT 1 FROM written AS w WHERE w.ord = e.ord)
        ),
        {PostgresEventAppendSql.AdvanceStreamHeads},
        appended AS (
            {PostgresEventAppendSql.InsertEvents}
            RETURNING 1
        )
        SELECT i.ord, w.version,
               CASE WHEN w.version IS NULL THEN (
                   SELECT s.version FROM grain_state AS s
                   WHERE s.service_id = $1 AND s.grain_type = i.grain_type AND s.grain_key = i.grain_key AND s.state_name = i.state_name)
               END
        FROM input AS i
        LEFT JOIN written AS w ON w.ord = i.ord
        """;

    /// <summary>
    /// A partition's events after the event with id <c>$3</c>, in (xid, id) order, holding back at the oldest
    /// transaction still running. Ids are taken at insert, not at commit, and a transaction may have taken its xid long
    /// before it inserts its events (an outbox write updates grain state first), so a smaller id can commit after a
    /// larger one under a smaller xid or a larger one. Walking by id alone skipped such an event for good. Every
    /// transaction below <c>pg_snapshot_xmin</c> has finished, so (xid, id) order below it never gains a row behind the
    /// cursor. The cursor is the last event read; its xid is looked up by its id (0: from the start).
    /// </summary>
    public const string ReadPartition = """
        WITH cursor AS (
            SELECT coalesce((SELECT xid FROM stream_events WHERE id = $3), '0'::xid8) AS xid
        )
        SELECT e.id, e.stream_namespace, e.stream_key, e.sequence, e.partition, e.event_type, e.payload, e.created_at
        FROM stream_events AS e, cursor AS c
        WHERE e.service_id = $1 AND e.partition = $2
          AND (e.xid, e.id) > (c.xid, $3)
          AND e.xid < pg_snapshot_xmin(pg_current_snapshot())
        ORDER BY e.xid, e.id
        LIMIT $4
        """;

    /// <summary>A stream's events after a sequence number (sequences commit in order, so no xid check is needed).</summary>
    public const string ReadStream = """
        SELECT id, stream_namespace, stream_key, sequence, partition, event_type, payload, created_at
        FROM stream_events
        WHERE service_id = $1 AND stream_namespace = $2 AND stream_key = $3 AND sequence > $4
        ORDER BY sequence
        LIMIT $5
        """;

    public const string SchemaExists = "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1)";

    public const string CreateSchemaVersionTable = """
        CREATE TABLE IF NOT EXISTS schema_version (
            version     integer     PRIMARY KEY,
            name        text        NOT NULL,
            applied_at  timestamptz NOT NULL DEFAULT now()
        )
        """;

    public const string ReadSchemaVersions = "SELECT version FROM schema_version";

    public const string RecordSchemaVersion = "INSERT INTO schema_version (version, name) VALUES ($1, $2)";
}
