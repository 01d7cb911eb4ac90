-- OrleansBackend schema, PostgreSQL, version 3: the durable stream provider's bookkeeping beside the outbox
-- (stream_events and stream_heads of version 1 hold the events themselves).
-- Applied by the silo at start-up after version 2; by hand: set search_path, run, then
--   INSERT INTO schema_version (version, name) VALUES (3, 'streams');
-- Every table is keyed by service id and provider name, so several providers can share one database.

-- stream_checkpoints: per partition, the id up to which every event was handled by every subscription (delivered or
-- parked). A partition's new owner reads on from here; events after it may be delivered again (at least once).
CREATE TABLE IF NOT EXISTS stream_checkpoints (
    service_id   text        NOT NULL,
    provider     text        NOT NULL,
    partition    integer     NOT NULL,
    last_id      bigint      NOT NULL,
    modified_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (service_id, provider, partition)
);

-- stream_subscriptions: explicit subscriptions (a row exists from subscribe to unsubscribe) and the progress of
-- implicit ones (is_implicit = 1; the row only records progress).
--   subscription_id  a GUID ("D" format); implicit ones derive it from consumer grain type and namespace.
--   position         the last sequence number of the stream delivered (or parked) for the subscription.
--   epoch            bumped by a rewind (resume from an earlier event); progress is only recorded for the current
--                    epoch and only moves forward within it, so a late progress record cannot undo a rewind.
CREATE TABLE IF NOT EXISTS stream_subscriptions (
    service_id        text    NOT NULL,
    provider          text    NOT NULL,
    stream_namespace  text    NOT NULL,
    stream_key        text    NOT NULL,
    subscription_id   text    NOT NULL,
    consumer_type     text    NOT NULL,
    consumer_key      text    NOT NULL,
    is_implicit       integer NOT NULL,
    position          bigint  NOT NULL,
    epoch             bigint  NOT NULL,
    PRIMARY KEY (service_id, provider, stream_namespace, stream_key, subscription_id)
);

-- Subscription changes (subscribe, unsubscribe, rewind), numbered by stream_subscription_versions (whose row lock
-- makes versions commit in order). Partition agents read changes after the version they know before delivering
-- events they just read, so a subscription committed before an event always receives it. Old rows are trimmed.
CREATE TABLE IF NOT EXISTS stream_subscription_versions (
    service_id  text   NOT NULL,
    provider    text   NOT NULL,
    version     bigint NOT NULL,
    PRIMARY KEY (service_id, provider)
);

CREATE TABLE IF NOT EXISTS stream_subscription_changes (
    service_id        text        NOT NULL,
    provider          text        NOT NULL,
    version           bigint      NOT NULL,
    stream_namespace  text        NOT NULL,
    stream_key        text        NOT NULL,
    changed_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (service_id, provider, version)
);

-- stream_dead_letters: events a subscription's handler kept failing on, with the last error; the stream moved on.
-- Operators inspect them here (and may re-publish them); the runtime never deletes them.
CREATE TABLE IF NOT EXISTS stream_dead_letters (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    service_id        text        NOT NULL,
    provider          text        NOT NULL,
    stream_namespace  text        NOT NULL,
    stream_key        text        NOT NULL,
    sequence          bigint      NOT NULL,
    event_id          bigint      NOT NULL,
    event_type        text        NOT NULL,
    payload           bytea       NOT NULL,
    created_at        timestamptz NOT NULL,
    subscription_id   text        NOT NULL,
    consumer_type     text        NOT NULL,
    consumer_key      text        NOT NULL,
    error             text        NOT NULL,
    attempts          integer     NOT NULL,
    failed_at         timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX IF NOT EXISTS stream_dead_letters_service_idx ON stream_dead_letters (service_id, provider, id);
