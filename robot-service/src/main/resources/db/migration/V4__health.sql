-- Fleet health (docs/models.md). Scoring reads hourly rollups, never raw events.

-- Robot-hours whose events changed: written with each event batch (same transaction), taken by
-- the rollup job, which recomputes those hours from the event store. Recomputing (rather than
-- adding) keeps the rollups exact with late and duplicate events.
CREATE TABLE rollup_dirty (
    robot_id text NOT NULL,
    hour_ms  bigint NOT NULL,
    PRIMARY KEY (robot_id, hour_ms)
);

-- What one robot did in one hour: telemetry per metric as [count, sum, min, max], errors per
-- component as [total, critical], feature uses and failures, and all events.
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

-- Each robot's latest score. high_since_ms: start of the current high-risk episode (null when
-- not high); prediction.high_risk is emitted once when an episode starts.
CREATE TABLE robot_health (
    robot_id          text PRIMARY KEY,
    constructor_id    text NOT NULL,
    client_id         text NOT NULL,
    site              text,
    health_score      integer NOT NULL,
    risk_level        text NOT NULL,
    predicted_failure text NOT NULL,
    probability       double precision NOT NULL,
    confidence        double precision NOT NULL,
    components        jsonb NOT NULL,
    computed_at_ms    bigint NOT NULL,
    high_since_ms     bigint
);

CREATE INDEX robot_health_client ON robot_health (client_id, health_score, robot_id);
CREATE INDEX robot_health_constructor ON robot_health (constructor_id, health_score, robot_id);

-- Events stored before this migration: their last eight days (all that scoring reads) are rolled
-- up by the job like any other change.
INSERT INTO rollup_dirty (robot_id, hour_ms)
SELECT DISTINCT robot_id, ts_ms - ts_ms % 3600000
FROM events
WHERE ts_ms >= (extract(epoch FROM now()) * 1000)::bigint - 8 * 86400000;
