-- Partition readers walk stream_events in (xid, id) order below pg_snapshot_xmin, not by id alone: a transaction
-- may take its xid (writing grain state) before another inserts a row with a smaller id, so id order is not commit
-- order and a reader walking by id could step past an event that committed later. The cursor stays an event id;
-- readers look up its xid. This index serves that walk and replaces the one by (partition, id).
CREATE INDEX IF NOT EXISTS stream_events_partition_xid_idx ON stream_events (service_id, partition, xid, id);
DROP INDEX IF EXISTS stream_events_partition_idx;
