-- OrleansBackend schema, SQLite, version 3: the durable stream provider's bookkeeping beside the outbox
-- (stream_events and stream_heads of version 1 hold the events themselves).
-- Applied by the silo at start-up after version 2; by hand: run, then
--   INSERT INTO schema_version (version, name, applied_at_ms) VALUES (3, 'streams', 0);
-- Every table is keyed by service id and provider name. Times are Unix milliseconds (UTC).

-- stream_checkpoints: per partition, the id up to which every event was handled by every subscription (delivered or
-- parked). A partition's new owner reads on from here; events after it may be delivered again (at least once).
CREATE TABLE IF NOT EXISTS stream_checkpoints (
    service_id      TEXT    NOT NULL,
    provider        TEXT    NOT NULL,
    partition       INTEGER NOT NULL,
    last_id         INTEGER NOT NULL,
    modified_at_ms  INTEGER NOT NULL,
    PRIMARY KEY (service_id, provider, partition)
);

-- stream_subscriptions: explicit subscriptions (a row exists from subscribe to unsubscribe) and the progress of
-- implicit ones (is_implicit = 1; the row only records progress).
--   subscription_id  a GUID ("D" format); implicit ones derive it from consumer grain type and namespace.
--   position         the last sequence number of the stream delivered (or parked) for the subscription.
--   epoch            bumped by a rewind; progress is only recorded for the current epoch and only moves forward.
CREATE TABLE IF NOT EXISTS stream_subscriptions (
    service_id        TEXT    NOT NULL,
    provider          TEXT    NOT NULL,
    stream_namespace  TEXT    NOT NULL,
    stream_key        TEXT    NOT NULL,
    subscription_id   TEXT    NOT NULL,
    consumer_type     TEXT    NOT NULL,
    consumer_key      TEXT    NOT NULL,
    is_implicit       INTEGER NOT NULL,
    position          INTEGER NOT NULL,
    epoch             INTEGER NOT NULL,
    PRIMARY KEY (service_id, provider, stream_namespace, stream_key, subscription_id)
);

-- Subscription changes (subscribe, unsubscribe, rewind), numbered by stream_subscription_versions. Partition agents
-- read changes after the version they know before delivering events they just read. Old rows are trimmed.
CREATE TABLE IF NOT EXISTS stream_subscription_versions (
    service_id  TEXT    NOT NULL,
    provider    TEXT    NOT NULL,
    version     INTEGER NOT NULL,
    PRIMARY KEY (service_id, provider)
);

CREATE TABLE IF NOT EXISTS stream_subscription_changes (
    service_id        TEXT    NOT NULL,
    provider          TEXT    NOT NULL,
    version           INTEGER NOT NULL,
    stream_namespace  TEXT    NOT NULL,
    stream_key        TEXT    NOT NULL,
    changed_at_ms     INTEGER NOT NULL,
    PRIMARY KEY (service_id, provider, version)
);

-- stream_dead_letters: events a subscription's handler kept failing on, with the last error; the stream moved on.
CREATE TABLE IF NOT EXISTS stream_dead_letters (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    service_id        TEXT    NOT NULL,
    provider          TEXT    NOT NULL,
    stream_namespace  TEXT    NOT NULL,
    stream_key        TEXT    NOT NULL,
    sequence          INTEGER NOT NULL,
    event_id          INTEGER NOT NULL,
    event_type        TEXT    NOT NULL,
    payload           BLOB    NOT NULL,
    created_at_ms     INTEGER NOT NULL,
    subscription_id   TEXT    NOT NULL,
    consumer_type     TEXT    NOT NULL,
    consumer_key      TEXT    NOT NULL,
    error             TEXT    NOT NULL,
    attempts          INTEGER NOT NULL,
    failed_at_ms      INTEGER NOT NULL
);

CREATE INDEX IF NOT EXISTS stream_dead_letters_service_idx ON stream_dead_letters (service_id, provider, id);
