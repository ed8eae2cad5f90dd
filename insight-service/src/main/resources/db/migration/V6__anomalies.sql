-- Streaming anomaly detection (docs/models.md, "Anomalies").

-- Each robot's detector: its baselines, open bucket and open episodes, written in the same
-- transaction as the projection batch that advanced it (so a replayed batch, already in
-- seen_events, never advances it twice).
CREATE TABLE detector_state (
    robot_id   text PRIMARY KEY,
    state      bytea NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- Episodes, warning or critical. visible_to: the robot's client and constructor when the episode
-- opened.
CREATE TABLE anomalies (
    anomaly_id     text PRIMARY KEY,
    robot_id       text NOT NULL,
    signal         text NOT NULL,
    unit           text NOT NULL,
    severity       text NOT NULL,
    started_ms     bigint NOT NULL,
    ended_ms       bigint,
    critical_at_ms bigint,
    value          double precision NOT NULL,
    baseline       double precision NOT NULL,
    score          double precision NOT NULL,
    visible_to     text[] NOT NULL,
    updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX anomalies_visible ON anomalies USING gin (visible_to);
CREATE INDEX anomalies_newest ON anomalies (started_ms DESC, anomaly_id DESC);
CREATE INDEX anomalies_robot ON anomalies (robot_id, started_ms DESC);
