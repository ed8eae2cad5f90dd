-- Fleet-wide facts over weeks read daily buckets for whole days and hourly ones only for the
-- partial days at a window's edges: for 10,000 robots the hourly tables hold millions of rows per
-- week, the daily ones 24 times fewer (docs/benchmarks.md, "Insights").

CREATE TABLE feature_daily (
    robot_id    text NOT NULL,
    day_ms      bigint NOT NULL,
    feature     text NOT NULL,
    uses        integer NOT NULL,
    successes   integer NOT NULL,
    failures    integer NOT NULL,
    abandoned   integer NOT NULL,
    duration_ms bigint NOT NULL,
    timed       integer NOT NULL,
    PRIMARY KEY (robot_id, day_ms, feature)
);
CREATE INDEX feature_daily_day ON feature_daily (day_ms);
INSERT INTO feature_daily
SELECT robot_id, hour_ms - hour_ms % 86400000, feature, sum(uses), sum(successes), sum(failures),
       sum(abandoned), sum(duration_ms), sum(timed)
FROM feature_hourly GROUP BY 1, 2, 3;

CREATE TABLE error_daily (
    robot_id  text NOT NULL,
    day_ms    bigint NOT NULL,
    component text NOT NULL,
    total     integer NOT NULL,
    critical  integer NOT NULL,
    PRIMARY KEY (robot_id, day_ms, component)
);
CREATE INDEX error_daily_day ON error_daily (day_ms);
INSERT INTO error_daily
SELECT h.robot_id, h.hour_ms - h.hour_ms % 86400000, e.key, sum((e.value->>0)::int),
       sum((e.value->>1)::int)
FROM robot_hourly h CROSS JOIN LATERAL jsonb_each(h.errors) e
GROUP BY 1, 2, 3;

-- the partial days at a window's edges, by time
CREATE INDEX feature_hourly_hour ON feature_hourly (hour_ms);
CREATE INDEX robot_hourly_errors_hour ON robot_hourly (hour_ms) WHERE errors <> '{}'::jsonb;

-- a session's path (its first 6 steps) and last step, kept with it for the journey facts
CREATE OR REPLACE FUNCTION journey_path(steps text[]) RETURNS text
LANGUAGE sql IMMUTABLE AS $$ SELECT array_to_string(steps[1:6], ' > ') $$;
ALTER TABLE sessions
    ADD COLUMN IF NOT EXISTS path text GENERATED ALWAYS AS (journey_path(steps)) STORED,
    ADD COLUMN IF NOT EXISTS last_step text GENERATED ALWAYS AS (steps[cardinality(steps)]) STORED;
