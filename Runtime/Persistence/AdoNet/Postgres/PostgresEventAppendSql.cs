namespace OrleansBackend.Runtime.Persistence.AdoNet.Postgres;

/// <summary>
/// The part of an event append that both the outbox (state writes with events) and plain stream appends run: take
/// per-stream sequence numbers from stream_heads (rows locked in stream order, so concurrent appends cannot
/// deadlock) and insert the events with them. Both expect a CTE <c>events</c> (stream_namespace, stream_key,
/// event_type, payload, partition, position) and the service id as <c>$1</c>.
/// </summary>
internal static class PostgresEventAppendSql
{
    /// <summary>The CTEs <c>counts</c> and <c>heads</c>, without a trailing comma.</summary>
    public const string AdvanceStreamHeads = """
        counts AS (
            SELECT stream_namespace, stream_key, count(*) AS appended
            FROM events
            GROUP BY stream_namespace, stream_key
        ),
        heads AS (
            INSERT INTO stream_heads AS h (service_id, stream_namespace, stream_key, last_sequence)
            SELECT $1, c.stream_namespace, c.stream_key, c.appended
            FROM counts AS c
            ORDER BY c.stream_namespace, c.stream_key
            ON CONFLICT (service_id, stream_namespace, stream_key)
            DO UPDATE SET last_sequence = h.last_sequence + excluded.last_sequence
            RETURNING h.stream_namespace, h.stream_key, h.last_sequence
        )
        """;

    /// <summary>The INSERT of the <c>events</c> rows, numbered after their stream's previous head.</summary>
    public const string InsertEvents = """
        INSERT INTO stream_events (service_id, stream_namespace, stream_key, sequence, partition, event_type, payload)
        SELECT $1, e.stream_namespace, e.stream_key,
               h.last_sequence - c.appended + row_number() OVER (PARTITION BY e.stream_namespace, e.stream_key ORDER BY e.position),
               e.partition, e.event_type, e.payload
        FROM events AS e
        JOIN heads AS h ON h.stream_namespace = e.stream_namespace AND h.stream_key = e.stream_key
        JOIN counts AS c ON c.stream_namespace = e.stream_namespace AND c.stream_key = e.stream_key
        ORDER BY e.position
        """;
}
