-- insight-service's own view of the platform, built from Kafka (it never reads another
-- service's tables), and the insights it writes.

-- Tenants and their settings, from robovis.tenants.v1.
CREATE TABLE tenants (
    tenant_id    text PRIMARY KEY,
    type         text NOT NULL,
    name         text,
    timezone     text,
    language     text,
    ollama_url   text,
    ollama_model text,
    offline_after_s integer,
    updated_at   timestamptz NOT NULL
);

-- The registry, from robovis.robots.v1 (a tombstone marks the robot deleted; its history stays).
CREATE TABLE robots (
    robot_id        text PRIMARY KEY,
    constructor_id  text NOT NULL,
    client_id       text NOT NULL,
    model           text,
    site            text,
    environment     text,
    offline_after_s integer,
    deleted         boolean NOT NULL DEFAULT false,
    updated_at      timestamptz NOT NULL
);
CREATE INDEX robots_client ON robots (client_id);
CREATE INDEX robots_constructor ON robots (constructor_id);

-- Latest health per robot, from robovis.robot-health.v1 (the record as published).
CREATE TABLE robot_health (
    robot_id          text PRIMARY KEY,
    health_score      integer NOT NULL,
    risk_level        text NOT NULL,
    predicted_failure text NOT NULL,
    probability       double precision NOT NULL,
    record            jsonb NOT NULL,
    computed_at       timestamptz NOT NULL
);

-- The idempotency key of the projections: an event counts once, whatever the redeliveries.
CREATE TABLE seen_events (
    event_id uuid PRIMARY KEY,
    ts_ms    bigint NOT NULL
);

-- When each robot was last heard of (latest min(ts_ms, arrival)).
CREATE TABLE robot_activity (
    robot_id     text PRIMARY KEY,
    last_seen_ms bigint NOT NULL
);

-- Per robot and hour: telemetry [count, sum, min, max] per metric, errors [total, critical] per
-- component, feature uses and failures, events. Same shape and merge rules as robot-service's
-- (common RollupWriter).
CREATE TABLE robot_hourly (
    robot_id         text NOT NULL,
    hour_ms          bigint NOT NULL,
    metrics          jsonb NOT NULL,
    errors           jsonb NOT NULL,
    feature_uses     integer NOT NULL,
    feature_failures integer NOT NULL,
    events           integer NOT NULL,
    PRIMARY KEY (robot_id, hour_ms)
);

CREATE FUNCTION merge_stats(a jsonb, b jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
  SELECT COALESCE(jsonb_object_agg(k, CASE
           WHEN x IS NULL THEN y
           WHEN y IS NULL THEN x
           ELSE jsonb_build_array((x->>0)::bigint + (y->>0)::bigint,
                                  (x->>1)::float8 + (y->>1)::float8,
                                  least((x->>2)::float8, (y->>2)::float8),
                                  greatest((x->>3)::float8, (y->>3)::float8)) END), '{}'::jsonb)
  FROM (SELECT COALESCE(p.key, q.key) AS k, p.value AS x, q.value AS y
        FROM jsonb_each(a) p FULL JOIN jsonb_each(b) q ON p.key = q.key) z
$$;

CREATE FUNCTION merge_counts(a jsonb, b jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
  SELECT COALESCE(jsonb_object_agg(k, CASE
           WHEN x IS NULL THEN y
           WHEN y IS NULL THEN x
           ELSE jsonb_build_array((x->>0)::int + (y->>0)::int, (x->>1)::int + (y->>1)::int) END),
         '{}'::jsonb)
  FROM (SELECT COALESCE(p.key, q.key) AS k, p.value AS x, q.value AS y
        FROM jsonb_each(a) p FULL JOIN jsonb_each(b) q ON p.key = q.key) z
$$;

-- Per robot, hour and feature: outcomes and durations of feature_used events.
CREATE TABLE feature_hourly (
    robot_id    text NOT NULL,
    hour_ms     bigint NOT NULL,
    feature     text NOT NULL,
    uses        integer NOT NULL,
    successes   integer NOT NULL,
    failures    integer NOT NULL,
    abandoned   integer NOT NULL,
    duration_ms bigint NOT NULL,
    timed       integer NOT NULL,
    PRIMARY KEY (robot_id, hour_ms, feature)
);

-- Sessions with their journey steps in time order (at most 50 kept per session).
CREATE TABLE sessions (
    robot_id   text NOT NULL,
    session_id text NOT NULL,
    first_ms   bigint NOT NULL,
    last_ms    bigint NOT NULL,
    started    boolean NOT NULL,
    ended      boolean NOT NULL,
    steps      text[] NOT NULL,
    step_ts    bigint[] NOT NULL,
    PRIMARY KEY (robot_id, session_id)
);
CREATE INDEX sessions_robot_time ON sessions (robot_id, first_ms);

-- Insights. visible_to: the tenants that may read it, decided when it is written.
CREATE TABLE insights (
    insight_id    text PRIMARY KEY,
    tenant_id     text NOT NULL,
    visible_to    text[] NOT NULL,
    kind          text NOT NULL,
    robot_id      text,
    severity      text NOT NULL,
    analysis_text text NOT NULL,
    facts         jsonb NOT NULL,
    generator     text NOT NULL,
    model         text,
    language      text NOT NULL,
    narration     jsonb NOT NULL,
    created_at    timestamptz NOT NULL,
    duration_ms   integer NOT NULL
);
CREATE INDEX insights_visible ON insights USING gin (visible_to);
CREATE INDEX insights_newest ON insights (created_at DESC, insight_id DESC);

-- Platform events to publish once the transaction that wrote them commits (common outbox).
CREATE TABLE outbox (
    id         bigserial PRIMARY KEY,
    topic      text NOT NULL,
    record_key text NOT NULL,
    value      text,
    ce_id      text NOT NULL,
    ce_type    text NOT NULL,
    ce_subject text,
    created_at timestamptz NOT NULL DEFAULT now()
);
