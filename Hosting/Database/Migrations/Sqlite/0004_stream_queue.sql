-- The embedded mode's durable stream queues (OrleansBackend's SQLite queue adapter: Orleans ships no SQLite stream
-- provider). A message is a serialized batch of events for one stream, appended to the queue its stream hashes to;
-- the queue's pulling agent reads in message order and deletes what every consumer has been given. The autoincrement
-- id never reuses a value, so order survives deletes.
CREATE TABLE IF NOT EXISTS orleans_stream_queue
(
    message_id  INTEGER PRIMARY KEY AUTOINCREMENT,
    service_id  TEXT    NOT NULL,
    provider_id TEXT    NOT NULL,
    queue_id    TEXT    NOT NULL,
    payload     BLOB    NOT NULL,
    created_on  INTEGER NOT NULL DEFAULT (unixepoch())
);

CREATE INDEX IF NOT EXISTS orleans_stream_queue_by_queue ON orleans_stream_queue (service_id, provider_id, queue_id, message_id);
