-- OrleansBackend schema, SQLite, version 1: grain state and the transactional outbox.
--
-- The silo applies this file at start-up (in one BEGIN IMMEDIATE transaction, which also keeps two processes
-- from migrating at once) and records it in schema_version. By hand: run it, then
--   INSERT INTO schema_version (version, name, applied_at_ms) VALUES (1, 'initial', 0);
-- Every statement is idempotent. Times are Unix milliseconds (UTC).

-- Grain state: one row per (service, grain type, grain key, state name).
--   payload  the state in the runtime's version-tolerant binary format; NULL once cleared (a tombstone).
--   version  the etag. Every write and every clear adds one; a write names the version it read
--            (UPDATE ... WHERE version = @expected) or inserts when it read none (ON CONFLICT DO NOTHING),
--            so a stale writer changes nothing and is told so. Rows are never deleted by the runtime, so a
--            writer holding a version from before a clear still conflicts.
CREATE TABLE IF NOT EXISTS grain_state (
    service_id   TEXT    NOT NULL,
    grain_type   TEXT    NOT NULL,
    grain_key    TEXT    NOT NULL,
    state_name   TEXT    NOT NULL,
    payload      BLOB,
    version      INTEGER NOT NULL,
    modified_at  INTEGER NOT NULL,
    PRIMARY KEY (service_id, grain_type, grain_key, state_name)
);

-- The transactional outbox: a grain's state write and its events commit in the same transaction.
-- stream_heads: the last sequence number handed out per stream, bumped in the appending transaction, so
-- sequence numbers are gapless per stream (1, 2, 3 ...).
CREATE TABLE IF NOT EXISTS stream_heads (
    service_id        TEXT    NOT NULL,
    stream_namespace  TEXT    NOT NULL,
    stream_key        TEXT    NOT NULL,
    last_sequence     INTEGER NOT NULL,
    PRIMARY KEY (service_id, stream_namespace, stream_key)
);

-- stream_events: the events. Contract for readers (the durable stream provider):
--   id         global insertion order (AUTOINCREMENT: never reused). SQLite has one writer at a time, so ids
--              become visible in order; a reader may walk a partition by id without further checks.
--   sequence   gapless per stream, starting at 1. Consumers de-duplicate by it.
--   partition  stable hash of (stream_namespace, stream_key) modulo the configured partition count
--              (OrleansBackend.Runtime.Persistence.StreamPartitioner).
-- Rows are append-only; the stream provider decides when delivered events may be deleted.
CREATE TABLE IF NOT EXISTS stream_events (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    service_id        TEXT    NOT NULL,
    stream_namespace  TEXT    NOT NULL,
    stream_key        TEXT    NOT NULL,
    sequence          INTEGER NOT NULL,
    partition         INTEGER NOT NULL,
    event_type        TEXT    NOT NULL,
    payload           BLOB    NOT NULL,
    created_at        INTEGER NOT NULL,
    UNIQUE (service_id, stream_namespace, stream_key, sequence)
);

CREATE INDEX IF NOT EXISTS stream_events_partition_idx ON stream_events (service_id, partition, id);
