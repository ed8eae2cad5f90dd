-- Scheduled reports (docs/models.md, "Reports").

-- A tenant's schedules; a tenant without any gets the default (daily at 07:00 in its own
-- timezone) the first time the report job sees it. timezone null: the tenant's.
CREATE TABLE report_schedules (
    tenant_id   text NOT NULL,
    schedule_id text NOT NULL,
    frequency   text NOT NULL,
    at_time     text NOT NULL,
    weekday     text,
    timezone    text,
    enabled     boolean NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, schedule_id)
);

-- One row per schedule and period: inserting it claims the period (status pending), so that one
-- instance produces it; ready once its insights exist and report.ready is in the outbox.
CREATE TABLE reports (
    report_id   text PRIMARY KEY,
    tenant_id   text NOT NULL,
    schedule_id text NOT NULL,
    period_from timestamptz NOT NULL,
    period_to   timestamptz NOT NULL,
    status      text NOT NULL,
    claimed_at  timestamptz NOT NULL,
    insight_ids text[] NOT NULL DEFAULT '{}',
    ready_at    timestamptz,
    UNIQUE (tenant_id, schedule_id, period_from)
);
CREATE INDEX reports_newest ON reports (tenant_id, period_from DESC, report_id DESC);

-- Tenant setting (robovis.tenants.v1): a critical anomaly episode also writes a robot_anomaly
-- insight at once. The requests wait here, written with the episode, until an instance has
-- written the insight (claimed_at: which instance works on it since when).
ALTER TABLE tenants ADD COLUMN anomaly_insights boolean NOT NULL DEFAULT false;

CREATE TABLE anomaly_insight_requests (
    anomaly_id   text NOT NULL,
    tenant_id    text NOT NULL,
    robot_id     text NOT NULL,
    requested_at timestamptz NOT NULL DEFAULT now(),
    claimed_at   timestamptz,
    PRIMARY KEY (anomaly_id, tenant_id)
);
