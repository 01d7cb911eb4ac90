-- Grain state for Microsoft.Orleans.Persistence.AdoNet. One row per (service, state name, grain key). The version is
-- the etag: every write and clear adds one, and a write or clear that names another version than the stored one
-- changes nothing and returns no row, which the provider reports as InconsistentStateException. A clear keeps the row
-- (payload null), so an older writer still conflicts. Each statement commits on its own; the silo sends writes to
-- one database file one at a time, in arrival order (SQLite would otherwise let some writers wait for seconds).
CREATE TABLE IF NOT EXISTS orleans_grain_state
(
    service_id  TEXT    NOT NULL,
    state_name  TEXT    NOT NULL,
    grain_key   TEXT    NOT NULL,
    grain_id_n0 INTEGER NOT NULL,
    grain_id_n1 INTEGER NOT NULL,
    payload     BLOB,
    version     INTEGER NOT NULL,
    modified_on INTEGER NOT NULL DEFAULT (unixepoch()),
    PRIMARY KEY (service_id, state_name, grain_key, grain_id_n0, grain_id_n1)
) WITHOUT ROWID;

-- Two statements, of which at most one changes a row: the update when the caller's version matches, the insert when
-- the caller read nothing.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('WriteToStorageKey', '
UPDATE orleans_grain_state
   SET payload = @PayloadBinary, version = version + 1, modified_on = unixepoch()
 WHERE service_id = @ServiceId AND state_name = @GrainTypeString
   AND grain_key = coalesce(@GrainIdExtensionString, '''') AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
   AND version = @GrainStateVersion
RETURNING version AS NewGrainStateVersion;
INSERT INTO orleans_grain_state (service_id, state_name, grain_key, grain_id_n0, grain_id_n1, payload, version)
SELECT @ServiceId, @GrainTypeString, coalesce(@GrainIdExtensionString, ''''), @GrainIdN0, @GrainIdN1, @PayloadBinary, 1
 WHERE @GrainStateVersion IS NULL
ON CONFLICT DO NOTHING
RETURNING version AS NewGrainStateVersion;
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadFromStorageKey', '
SELECT payload AS PayloadBinary, version AS Version
  FROM orleans_grain_state
 WHERE service_id = @ServiceId AND state_name = @GrainTypeString
   AND grain_key = coalesce(@GrainIdExtensionString, '''') AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1;
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ClearStorageKey', '
UPDATE orleans_grain_state
   SET payload = NULL, version = version + 1, modified_on = unixepoch()
 WHERE service_id = @ServiceId AND state_name = @GrainTypeString
   AND grain_key = coalesce(@GrainIdExtensionString, '''') AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
   AND version = @GrainStateVersion
RETURNING version AS NewGrainStateVersion;
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

-- Used instead of ClearStorageKey when a storage sets DeleteStateOnClear: the row goes, and the provider expects the
-- deleted version plus one back.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteStorageKey', '
DELETE FROM orleans_grain_state
 WHERE service_id = @ServiceId AND state_name = @GrainTypeString
   AND grain_key = coalesce(@GrainIdExtensionString, '''') AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
   AND version = @GrainStateVersion
RETURNING version + 1 AS NewGrainStateVersion;
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;
