-- OrleansBackend schema, PostgreSQL, version 1: grain state and the transactional outbox.
--
-- The silo applies this file at start-up (inside one transaction, under an advisory lock, recording it in
-- schema_version). Operators may apply it by hand instead: set search_path to the target schema first, then
--   INSERT INTO schema_version (version, name) VALUES (1, 'initial');
-- Every statement is idempotent.

-- Grain state: one row per (service, grain type, grain key, state name).
--   payload  the state in the runtime's version-tolerant binary format; NULL once cleared (a tombstone).
--   version  the etag. Every write and every clear adds one; a write names the version it read
--            (UPDATE ... WHERE version = @expected) or inserts when it read none (ON CONFLICT DO NOTHING),
--            so a stale writer changes nothing and is told so. Rows are never deleted by the runtime, so a
--            writer holding a version from before a clear still conflicts.
CREATE TABLE IF NOT EXISTS grain_state (
    service_id   text        NOT NULL,
    grain_type   text        NOT NULL,
    grain_key    text        NOT NULL,
    state_name   text        NOT NULL,
    payload      bytea,
    version      bigint      NOT NULL,
    modified_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (service_id, grain_type, grain_key, state_name)
) WITH (fillfactor = 80);  -- room for HOT updates: writes rewrite the row but never an indexed column

-- The transactional outbox. A grain's state write and the events it publishes commit in the same transaction,
-- so a state change and its events are never one without the other.
--
-- stream_heads: the last sequence number handed out per stream. Appending N events to a stream updates its row
-- (last_sequence += N) in the appending transaction, which serialises appenders of one stream: sequence numbers
-- are gapless (1, 2, 3 ...) and commit in sequence order.
CREATE TABLE IF NOT EXISTS stream_heads (
    service_id        text   NOT NULL,
    stream_namespace  text   NOT NULL,
    stream_key        text   NOT NULL,
    last_sequence     bigint NOT NULL,
    PRIMARY KEY (service_id, stream_namespace, stream_key)
);

-- stream_events: the events. Contract for readers (the durable stream provider):
--   id         global insertion order (see 0004: readers walk (xid, id)). Ids are taken when a row is inserted, not when its transaction
--              commits, so a smaller id may become visible after a larger one. A reader that walks a
--              partition by id must only read rows with xid < pg_snapshot_xmin(pg_current_snapshot()):
--              every transaction older than that has finished, so no smaller id can still appear.
--   sequence   gapless per stream, starting at 1; with stream_heads it is unique and commits in order, so
--              reading one stream by sequence needs no xid check. Consumers de-duplicate by it.
--   partition  stable hash of (stream_namespace, stream_key) modulo the configured partition count
--              (OrleansBackend.Runtime.Persistence.StreamPartitioner); silos own partitions.
--   xid        the inserting transaction (pg_current_xact_id()).
-- Rows are append-only; the stream provider decides when delivered events may be deleted.
CREATE TABLE IF NOT EXISTS stream_events (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    service_id        text        NOT NULL,
    stream_namespace  text        NOT NULL,
    stream_key        text        NOT NULL,
    sequence          bigint      NOT NULL,
    partition         integer     NOT NULL,
    event_type        text        NOT NULL,
    payload           bytea       NOT NULL,
    created_at        timestamptz NOT NULL DEFAULT now(),
    xid               xid8        NOT NULL DEFAULT pg_current_xact_id(),
    UNIQUE (service_id, stream_namespace, stream_key, sequence)
);

CREATE INDEX IF NOT EXISTS stream_events_partition_idx ON stream_events (service_id, partition, id);
