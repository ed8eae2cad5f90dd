-- Tenants as robot-service knows them, built from the robovis.tenants.v1 changelog.
CREATE TABLE tenants (
    tenant_id       text PRIMARY KEY,
    type            text NOT NULL,
    offline_after_s integer NOT NULL,
    retention_days  integer NOT NULL,
    updated_at      timestamptz NOT NULL
);

-- The robot registry. A deprovisioned robot keeps its row (tombstone) so that its history stays
-- attributable until retention; its later events are rejected.
CREATE TABLE robots (
    robot_id         text PRIMARY KEY,
    constructor_id   text NOT NULL,
    client_id        text NOT NULL,
    model            text,
    site             text,
    environment      text,
    firmware         text,
    offline_after_s  integer CHECK (offline_after_s BETWEEN 30 AND 604800),
    provisioned_at   timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    deprovisioned_at timestamptz,
    -- presence: latest min(ts_ms, arrival) of a fresh event, and the current state
    last_seen_ms     bigint,
    online           boolean NOT NULL DEFAULT false,
    state_changed_ms bigint,
    -- latest telemetry metrics and their timestamp
    telemetry        jsonb,
    telemetry_ts_ms  bigint
);

-- Scoped listings page by robot id.
CREATE INDEX robots_by_constructor ON robots (constructor_id, robot_id) WHERE deprovisioned_at IS NULL;
CREATE INDEX robots_by_client ON robots (client_id, robot_id) WHERE deprovisioned_at IS NULL;
-- The presence sweep looks at online robots only.
CREATE INDEX robots_online ON robots (last_seen_ms) WHERE online AND deprovisioned_at IS NULL;

-- Every stored event, once (event_id is the idempotency key). Not partitioned: the unique key on
-- event_id dedupes directly; a BRIN index on time serves retention and range scans over
-- hundreds of millions of rows, the btree serves the timeline.
CREATE TABLE events (
    event_id       uuid PRIMARY KEY,
    robot_id       text NOT NULL,
    constructor_id text NOT NULL,
    client_id      text NOT NULL,
    ts_ms          bigint NOT NULL,
    received_ms    bigint NOT NULL,
    type           text NOT NULL,
    session_id     text,
    body           jsonb NOT NULL
);
CREATE INDEX events_timeline ON events (robot_id, ts_ms DESC, event_id DESC);
CREATE INDEX events_time_brin ON events USING brin (ts_ms);

-- Records to publish, written in the same transaction as the change they describe (transactional
-- outbox): a crash between the change and the publish loses nothing, and a state transition
-- claimed by one instance is published by exactly one.
CREATE TABLE outbox (
    id         bigserial PRIMARY KEY,
    topic      text NOT NULL,
    record_key text NOT NULL,
    value      text,  -- JSON; null for a tombstone
    ce_id      text NOT NULL,
    ce_type    text NOT NULL,
    ce_subject text,
    created_at timestamptz NOT NULL DEFAULT now()
);
