-- OrleansBackend schema, PostgreSQL, version 2: durable reminders.
-- Applied by the silo at start-up after version 1; by hand: set search_path, run, then
--   INSERT INTO schema_version (version, name) VALUES (2, 'reminders');

-- One row per (service, grain, reminder name). Times are Unix milliseconds (UTC) so that both dialects agree.
--   start_at_ms   the first tick; ticks fall at start_at_ms + k * period_ms.
--   last_tick_ms  the due time of the last tick a grain acknowledged (NULL: none yet). After a restart the
--                 next tick is the first one after it; if that is already past, it fires at once (at least once).
--   grain_hash    the grain id's stable hash, for range scans by owners.
--   version       the registration's etag: re-registering adds one and resets last_tick_ms.
CREATE TABLE IF NOT EXISTS reminders (
    service_id     text   NOT NULL,
    grain_type     text   NOT NULL,
    grain_key      text   NOT NULL,
    reminder_name  text   NOT NULL,
    grain_hash     bigint NOT NULL,
    start_at_ms    bigint NOT NULL,
    period_ms      bigint NOT NULL,
    last_tick_ms   bigint,
    version        bigint NOT NULL,
    PRIMARY KEY (service_id, grain_type, grain_key, reminder_name)
);

CREATE INDEX IF NOT EXISTS reminders_hash_idx ON reminders (service_id, grain_hash);
