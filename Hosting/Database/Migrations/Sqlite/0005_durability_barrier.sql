-- One row that the SQLite write gate updates with synchronous=FULL to make the writes before it durable at once:
-- grain-state writes commit with synchronous=NORMAL (no fsync each), and the write-ahead log is append-only, so one
-- fsync of it (this update's commit) covers every commit before it. Writers are answered only after that fsync.
CREATE TABLE IF NOT EXISTS orleansbackend_durability
(
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    syncs INTEGER NOT NULL
);

INSERT OR IGNORE INTO orleansbackend_durability (id, syncs) VALUES (1, 0);
