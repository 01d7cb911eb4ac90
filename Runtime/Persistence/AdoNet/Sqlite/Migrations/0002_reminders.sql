-- OrleansBackend schema, SQLite, version 2: durable reminders.
-- Applied by the silo at start-up after version 1; by hand: run, then
--   INSERT INTO schema_version (version, name, applied_at_ms) VALUES (2, 'reminders', 0);

-- One row per (service, grain, reminder name). Times are Unix milliseconds (UTC).
--   start_at_ms   the first tick; ticks fall at start_at_ms + k * period_ms.
--   last_tick_ms  the due time of the last tick a grain acknowledged (NULL: none yet). After a restart the
--                 next tick is the first one after it; if that is already past, it fires at once (at least once).
--   grain_hash    the grain id's stable hash, for range scans by owners.
--   version       the registration's etag: re-registering adds one and resets last_tick_ms.
CREATE TABLE IF NOT EXISTS reminders (
    service_id     TEXT    NOT NULL,
    grain_type     TEXT    NOT NULL,
    grain_key      TEXT    NOT NULL,
    reminder_name  TEXT    NOT NULL,
    grain_hash     INTEGER NOT NULL,
    start_at_ms    INTEGER NOT NULL,
    period_ms      INTEGER NOT NULL,
    last_tick_ms   INTEGER,
    version        INTEGER NOT NULL,
    PRIMARY KEY (service_id, grain_type, grain_key, reminder_name)
);

CREATE INDEX IF NOT EXISTS reminders_hash_idx ON reminders (service_id, grain_hash);
