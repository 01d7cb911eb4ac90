-- Durable stream queues for Microsoft.Orleans.Streaming.AdoNet (an alpha of the Orleans team). A message is one
-- serialized batch of events for one stream, in the queue its stream hashes to. A reader takes visible messages and
-- hides them for the visibility timeout while it delivers them (dequeued counts the attempts); a confirmation deletes
-- what was delivered, naming the attempt it confirms so a late confirmation of an earlier attempt changes nothing. A
-- message that failed too often or outlived its expiry moves to the dead letters, which are removed after their own
-- timeout. Timeouts arrive in whole seconds.
CREATE SEQUENCE IF NOT EXISTS orleans_stream_message_ids;

CREATE TABLE IF NOT EXISTS orleans_stream_messages
(
    service_id  varchar(150) NOT NULL,
    provider_id varchar(150) NOT NULL,
    queue_id    varchar(150) NOT NULL,
    message_id  bigint       NOT NULL,
    dequeued    integer      NOT NULL,
    visible_on  timestamptz  NOT NULL,
    expires_on  timestamptz  NOT NULL,
    created_on  timestamptz  NOT NULL,
    modified_on timestamptz  NOT NULL,
    payload     bytea        NOT NULL,
    PRIMARY KEY (service_id, provider_id, queue_id, message_id)
);

CREATE TABLE IF NOT EXISTS orleans_stream_dead_letters
(
    service_id  varchar(150) NOT NULL,
    provider_id varchar(150) NOT NULL,
    queue_id    varchar(150) NOT NULL,
    message_id  bigint       NOT NULL,
    dequeued    integer      NOT NULL,
    visible_on  timestamptz  NOT NULL,
    expires_on  timestamptz  NOT NULL,
    created_on  timestamptz  NOT NULL,
    modified_on timestamptz  NOT NULL,
    dead_on     timestamptz  NOT NULL,
    remove_on   timestamptz  NOT NULL,
    payload     bytea,
    PRIMARY KEY (service_id, provider_id, queue_id, message_id)
);

-- When each queue's clean-up is next due: readers take turns at it instead of every read scanning for expired rows.
CREATE TABLE IF NOT EXISTS orleans_stream_eviction
(
    service_id  varchar(150) NOT NULL,
    provider_id varchar(150) NOT NULL,
    queue_id    varchar(150) NOT NULL,
    evict_on    timestamptz  NOT NULL,
    PRIMARY KEY (service_id, provider_id, queue_id)
);

-- Moves up to max_count messages that failed max_attempts times or expired (and are not being delivered now) to the
-- dead letters.
CREATE OR REPLACE FUNCTION orleans_stream_evict_messages(
    p_service_id varchar, p_provider_id varchar, p_queue_id varchar, p_max_count integer, p_max_attempts integer, p_removal_timeout integer)
RETURNS void LANGUAGE sql AS $fn$
    WITH due AS (
        SELECT message_id FROM orleans_stream_messages
         WHERE service_id = p_service_id AND provider_id = p_provider_id AND queue_id = p_queue_id
           AND visible_on <= now() AND (dequeued >= p_max_attempts OR expires_on <= now())
         ORDER BY message_id
         LIMIT p_max_count
         FOR UPDATE SKIP LOCKED
    ), moved AS (
        DELETE FROM orleans_stream_messages m USING due
         WHERE m.service_id = p_service_id AND m.provider_id = p_provider_id AND m.queue_id = p_queue_id AND m.message_id = due.message_id
        RETURNING m.*
    )
    INSERT INTO orleans_stream_dead_letters
    SELECT service_id, provider_id, queue_id, message_id, dequeued, visible_on, expires_on, created_on, modified_on,
           now(), now() + p_removal_timeout * interval '1 second', payload
      FROM moved
    ON CONFLICT DO NOTHING;
$fn$;

-- Removes up to max_count dead letters whose time is up.
CREATE OR REPLACE FUNCTION orleans_stream_evict_dead_letters(
    p_service_id varchar, p_provider_id varchar, p_queue_id varchar, p_max_count integer)
RETURNS void LANGUAGE sql AS $fn$
    DELETE FROM orleans_stream_dead_letters d
     USING (SELECT message_id FROM orleans_stream_dead_letters
             WHERE service_id = p_service_id AND provider_id = p_provider_id AND queue_id = p_queue_id AND remove_on <= now()
             ORDER BY message_id LIMIT p_max_count FOR UPDATE SKIP LOCKED) due
     WHERE d.service_id = p_service_id AND d.provider_id = p_provider_id AND d.queue_id = p_queue_id AND d.message_id = due.message_id;
$fn$;

-- Takes up to max_count visible messages of a queue in message order for one delivery attempt. Rows another reader has
-- locked are skipped rather than waited for. When the queue's clean-up is due, the reader that claims it runs it first.
CREATE OR REPLACE FUNCTION orleans_stream_take_messages(
    p_service_id varchar, p_provider_id varchar, p_queue_id varchar, p_max_count integer, p_max_attempts integer,
    p_visibility_timeout integer, p_removal_timeout integer, p_eviction_interval integer, p_eviction_batch_size integer)
RETURNS TABLE (ServiceId varchar, ProviderId varchar, QueueId varchar, MessageId bigint, Dequeued integer,
               VisibleOn timestamptz, ExpiresOn timestamptz, CreatedOn timestamptz, ModifiedOn timestamptz, Payload bytea)
LANGUAGE plpgsql AS $fn$
DECLARE
    v_claimed integer;
BEGIN
    WITH claimed AS (
        INSERT INTO orleans_stream_eviction AS e (service_id, provider_id, queue_id, evict_on)
        VALUES (p_service_id, p_provider_id, p_queue_id, now() + p_eviction_interval * interval '1 second')
        ON CONFLICT (service_id, provider_id, queue_id) DO UPDATE SET evict_on = EXCLUDED.evict_on WHERE e.evict_on <= now()
        RETURNING 1)
    SELECT count(*) INTO v_claimed FROM claimed;
    IF v_claimed > 0 THEN
        PERFORM orleans_stream_evict_messages(p_service_id, p_provider_id, p_queue_id, p_eviction_batch_size, p_max_attempts, p_removal_timeout);
        PERFORM orleans_stream_evict_dead_letters(p_service_id, p_provider_id, p_queue_id, p_eviction_batch_size);
    END IF;

    RETURN QUERY
    WITH batch AS (
        SELECT m.message_id FROM orleans_stream_messages m
         WHERE m.service_id = p_service_id AND m.provider_id = p_provider_id AND m.queue_id = p_queue_id
           AND m.dequeued < p_max_attempts AND m.visible_on <= now() AND m.expires_on > now()
         ORDER BY m.message_id
         LIMIT p_max_count
         FOR UPDATE SKIP LOCKED
    )
    UPDATE orleans_stream_messages m
       SET dequeued = m.dequeued + 1, visible_on = now() + p_visibility_timeout * interval '1 second', modified_on = now()
      FROM batch
     WHERE m.service_id = p_service_id AND m.provider_id = p_provider_id AND m.queue_id = p_queue_id AND m.message_id = batch.message_id
    RETURNING m.service_id, m.provider_id, m.queue_id, m.message_id, m.dequeued, m.visible_on, m.expires_on, m.created_on, m.modified_on, m.payload;
END;
$fn$;

INSERT INTO orleansquery (querykey, querytext) VALUES ('QueueStreamMessageKey', $sql$
INSERT INTO orleans_stream_messages (service_id, provider_id, queue_id, message_id, dequeued, visible_on, expires_on, created_on, modified_on, payload)
VALUES (@ServiceId, @ProviderId, @QueueId, nextval('orleans_stream_message_ids'), 0, now(), now() + @ExpiryTimeout * interval '1 second', now(), now(), @Payload)
RETURNING service_id AS ServiceId, provider_id AS ProviderId, queue_id AS QueueId, message_id AS MessageId
$sql$)
ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;

INSERT INTO orleansquery (querykey, querytext) VALUES ('GetStreamMessagesKey', $sql$
SELECT * FROM orleans_stream_take_messages(@ServiceId, @ProviderId, @QueueId, @MaxCount, @MaxAttempts, @VisibilityTimeout, @RemovalTimeout, @EvictionInterval, @EvictionBatchSize)
$sql$)
ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;

-- @Items lists "message id:attempt" receipts separated by '|'. A positive attempt confirms delivery (the message goes);
-- a negative one releases the message for immediate redelivery (a reader shutting down). Only the named attempt counts.
INSERT INTO orleansquery (querykey, querytext) VALUES ('ConfirmStreamMessagesKey', $sql$
WITH receipts AS (
    SELECT split_part(item, ':', 1)::bigint AS message_id, split_part(item, ':', 2)::integer AS attempt
      FROM unnest(string_to_array(@Items, '|')) AS item
), confirmed AS (
    DELETE FROM orleans_stream_messages m USING receipts r
     WHERE m.service_id = @ServiceId AND m.provider_id = @ProviderId AND m.queue_id = @QueueId
       AND m.message_id = r.message_id AND r.attempt > 0 AND m.dequeued = r.attempt
    RETURNING m.service_id, m.provider_id, m.queue_id, m.message_id
), released AS (
    UPDATE orleans_stream_messages m SET visible_on = now(), modified_on = now()
      FROM receipts r
     WHERE m.service_id = @ServiceId AND m.provider_id = @ProviderId AND m.queue_id = @QueueId
       AND m.message_id = r.message_id AND r.attempt < 0 AND m.dequeued = -r.attempt
    RETURNING m.service_id, m.provider_id, m.queue_id, m.message_id
)
SELECT service_id AS ServiceId, provider_id AS ProviderId, queue_id AS QueueId, message_id AS MessageId FROM confirmed
UNION ALL
SELECT service_id, provider_id, queue_id, message_id FROM released
$sql$)
ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;

-- A delivery failed: the message is offered again at once while it has attempts left, else it becomes a dead letter.
INSERT INTO orleansquery (querykey, querytext) VALUES ('FailStreamMessageKey', $sql$
WITH retried AS (
    UPDATE orleans_stream_messages SET visible_on = now(), modified_on = now()
     WHERE service_id = @ServiceId AND provider_id = @ProviderId AND queue_id = @QueueId AND message_id = @MessageId
       AND dequeued < @MaxAttempts
    RETURNING message_id
), dead AS (
    DELETE FROM orleans_stream_messages
     WHERE service_id = @ServiceId AND provider_id = @ProviderId AND queue_id = @QueueId AND message_id = @MessageId
       AND dequeued >= @MaxAttempts
    RETURNING *
)
INSERT INTO orleans_stream_dead_letters
SELECT service_id, provider_id, queue_id, message_id, dequeued, visible_on, expires_on, created_on, modified_on,
       now(), now() + @RemovalTimeout * interval '1 second', payload
  FROM dead
ON CONFLICT DO NOTHING
$sql$)
ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;

INSERT INTO orleansquery (querykey, querytext) VALUES ('EvictStreamMessagesKey', $sql$
SELECT orleans_stream_evict_messages(@ServiceId, @ProviderId, @QueueId, @MaxCount, @MaxAttempts, @RemovalTimeout)
$sql$)
ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;

INSERT INTO orleansquery (querykey, querytext) VALUES ('EvictStreamDeadLettersKey', $sql$
SELECT orleans_stream_evict_dead_letters(@ServiceId, @ProviderId, @QueueId, @MaxCount)
$sql$)
ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;
