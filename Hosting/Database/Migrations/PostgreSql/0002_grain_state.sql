-- Grain state for Microsoft.Orleans.Persistence.AdoNet. One row per (service, state name, grain key). The provider
-- passes hashes of the grain id and state name for engines without a composite primary key; a real key makes them
-- unnecessary here. The version is the etag: every write and clear adds one, and a write or clear that names another
-- version than the stored one changes nothing and returns no row, which the provider reports as
-- InconsistentStateException. A clear keeps the row (payload null), so an older writer still conflicts.
CREATE TABLE IF NOT EXISTS orleans_grain_state
(
    service_id  varchar(150) NOT NULL,
    state_name  varchar(512) NOT NULL,
    grain_key   varchar(512) NOT NULL,
    grain_id_n0 bigint       NOT NULL,
    grain_id_n1 bigint       NOT NULL,
    payload     bytea,
    version     integer      NOT NULL,
    modified_on timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (service_id, state_name, grain_key, grain_id_n0, grain_id_n1)
);

-- One round trip: update when the caller's version matches, insert when the caller read nothing.
INSERT INTO orleansquery (querykey, querytext) VALUES ('WriteToStorageKey', $sql$
WITH updated AS (
    UPDATE orleans_grain_state
       SET payload = @PayloadBinary, version = version + 1, modified_on = now()
     WHERE service_id = @ServiceId AND state_name = @GrainTypeString
       AND grain_key = coalesce(@GrainIdExtensionString, '') AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
       AND version = @GrainStateVersion
    RETURNING version
), inserted AS (
    INSERT INTO orleans_grain_state (service_id, state_name, grain_key, grain_id_n0, grain_id_n1, payload, version)
    SELECT @ServiceId, @GrainTypeString, coalesce(@GrainIdExtensionString, ''), @GrainIdN0, @GrainIdN1, @PayloadBinary, 1
     WHERE @GrainStateVersion IS NULL
    ON CONFLICT DO NOTHING
    RETURNING version
)
SELECT version AS NewGrainStateVersion FROM updated
UNION ALL
SELECT version FROM inserted
$sql$)
ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;

INSERT INTO orleansquery (querykey, querytext) VALUES ('ReadFromStorageKey', $sql$
SELECT payload AS PayloadBinary, version AS Version
  FROM orleans_grain_state
 WHERE service_id = @ServiceId AND state_name = @GrainTypeString
   AND grain_key = coalesce(@GrainIdExtensionString, '') AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
$sql$)
ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;

INSERT INTO orleansquery (querykey, querytext) VALUES ('ClearStorageKey', $sql$
UPDATE orleans_grain_state
   SET payload = NULL, version = version + 1, modified_on = now()
 WHERE service_id = @ServiceId AND state_name = @GrainTypeString
   AND grain_key = coalesce(@GrainIdExtensionString, '') AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
   AND version = @GrainStateVersion
RETURNING version AS NewGrainStateVersion
$sql$)
ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;

-- Used instead of ClearStorageKey when a storage sets DeleteStateOnClear: the row goes, and the provider expects the
-- deleted version plus one back.
INSERT INTO orleansquery (querykey, querytext) VALUES ('DeleteStorageKey', $sql$
DELETE FROM orleans_grain_state
 WHERE service_id = @ServiceId AND state_name = @GrainTypeString
   AND grain_key = coalesce(@GrainIdExtensionString, '') AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
   AND version = @GrainStateVersion
RETURNING version + 1 AS NewGrainStateVersion
$sql$)
ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;
