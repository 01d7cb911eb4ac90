namespace OrleansBackend.Hosting.Postgres;

/// <summary>The statements of the group-commit grain storage (table: migration 0005_group_commit_grain_state.sql).</summary>
internal static class GroupCommitSql
{
    /// <summary>One grain state: payload (null once cleared) and version. $1 service id, $2 grain type, $3 grain key, $4 state name.</summary>
    public const string ReadState = """
        SELECT payload, version
          FROM orleansbackend_grain_state
         WHERE service_id = $1 AND grain_type = $2 AND grain_id = $3 AND state_name = $4
        """;

    /// <summary>
    /// A whole batch of state writes in one statement. Each write is an UPDATE conditional on the version its writer
    /// read, or (when it read none) an INSERT that does nothing if the row exists; a clear is an update to a null
    /// payload. The result has one row per write: its 1-based position in the arrays, the new version (null: the etag
    /// check failed and nothing was written) and, for a conflict, the version stored before the statement. A batch
    /// never holds the same grain state twice, so the inserted rows join back to their writes by key.
    /// $1 service id; $2–$6 arrays of grain type, grain key, state name, expected version (null: insert), payload.
    /// </summary>
    public const string WriteBatch = """
        WITH input AS (
            SELECT *
              FROM unnest($2::text[], $3::text[], $4::text[], $5::bigint[], $6::bytea[])
                   WITH ORDINALITY AS i(grain_type, grain_id, state_name, expected, payload, ord)
        ),
        updated AS (
            UPDATE orleansbackend_grain_state AS s
               SET payload = i.payload, version = s.version + 1, modified_at = now()
              FROM input AS i
             WHERE i.expected IS NOT NULL
               AND s.service_id = $1 AND s.grain_type = i.grain_type AND s.grain_id = i.grain_id AND s.state_name = i.state_name
               AND s.version = i.expected
            RETURNING i.ord, s.version
        ),
        inserted AS (
            INSERT INTO orleansbackend_grain_state AS s (service_id, grain_type, grain_id, state_name, payload, version)
            SELECT $1, i.grain_type, i.grain_id, i.state_name, i.payload, 1
              FROM input AS i
             WHERE i.expected IS NULL
            ON CONFLICT (service_id, grain_type, grain_id, state_name) DO NOTHING
            RETURNING s.grain_type, s.grain_id, s.state_name, s.version
        ),
        written AS (
            SELECT u.ord, u.version FROM updated AS u
            UNION ALL
            SELECT i.ord, n.version
              FROM inserted AS n
              JOIN input AS i
                ON i.expected IS NULL AND i.grain_type = n.grain_type AND i.grain_id = n.grain_id AND i.state_name = n.state_name
        )
        SELECT i.ord, w.version,
               CASE WHEN w.version IS NULL THEN (
                   SELECT s.version
                     FROM orleansbackend_grain_state AS s
                    WHERE s.service_id = $1 AND s.grain_type = i.grain_type AND s.grain_id = i.grain_id AND s.state_name = i.state_name)
               END
          FROM input AS i
          LEFT JOIN written AS w ON w.ord = i.ord
        """;
}
