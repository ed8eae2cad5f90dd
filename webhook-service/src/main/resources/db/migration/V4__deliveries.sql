-- Durable deliveries: one row per (webhook, platform event), written before the Kafka offset of the
-- event is committed, so nothing is lost when the service stops at any moment.
--
-- A delivery is due when status = 'pending' and next_attempt_at has passed. An instance claims a
-- due delivery by moving next_attempt_at a lease ahead and stamping a random lease; the outcome is
-- recorded only under that lease. An instance that dies leaves leases that simply expire, and the
-- deliveries become due again for any instance.
CREATE TABLE deliveries (
    id              text PRIMARY KEY,
    webhook_id      text NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    tenant_id       text NOT NULL,
    event_id        text NOT NULL,
    event_type      text NOT NULL,
    payload         text NOT NULL,  -- the exact body, serialized once
    status          text NOT NULL DEFAULT 'pending',
    retry_step      integer NOT NULL DEFAULT 0,
    attempt_count   integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    lease           bigint,
    last_status     integer,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    CONSTRAINT deliveries_once UNIQUE (webhook_id, event_id),
    CONSTRAINT deliveries_status CHECK (status IN ('pending', 'delivered', 'failed'))
);

-- what is due, per endpoint
CREATE INDEX deliveries_due ON deliveries (webhook_id, next_attempt_at) WHERE status = 'pending';
-- the delivery log, newest first
CREATE INDEX deliveries_log ON deliveries (webhook_id, created_at DESC, id DESC);

-- One row per attempt: when, what came back, how long it took.
CREATE TABLE delivery_attempts (
    delivery_id   text NOT NULL REFERENCES deliveries (id) ON DELETE CASCADE,
    attempt       integer NOT NULL,
    attempted_at  timestamptz NOT NULL,
    status_code   integer,
    duration_ms   integer NOT NULL,
    error         text,
    response_body text,
    PRIMARY KEY (delivery_id, attempt)
);

-- Auto-disable: the start of the current run of failures (null once a delivery succeeds).
ALTER TABLE webhooks ADD COLUMN failing_since timestamptz;
