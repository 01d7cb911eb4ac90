-- Grain state for the project's own group-commit provider (ProviderType PostgresGroupCommit,
-- Hosting/Postgres/GroupCommitGrainStorage.cs). Orleans' ADO.NET provider keeps using orleans_grain_state; the two
-- tables never share rows, so switching a storage from one provider to the other starts it on empty state.
--
-- One row per (service, grain type, grain key, state name). version is the etag: every write and every clear adds
-- one, and a write or clear that names another version than the stored one changes nothing (the provider reports
-- InconsistentStateException for that write alone). A clear keeps the row with payload NULL, so a writer holding a
-- version from before the clear still conflicts. fillfactor 80 leaves room on each page for HOT updates: a write
-- rewrites payload, version and modified_at but no indexed column, so the new row version can stay on its page and
-- the primary key index is not touched.
CREATE TABLE IF NOT EXISTS orleansbackend_grain_state
(
    service_id  text        NOT NULL,
    grain_type  text        NOT NULL,
    grain_id    text        NOT NULL,
    state_name  text        NOT NULL,
    payload     bytea,
    version     bigint      NOT NULL,
    modified_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (service_id, grain_type, grain_id, state_name)
) WITH (fillfactor = 80);
