-- A tenant setting: a critical anomaly episode of one of its robots also writes a robot_anomaly
-- insight at once (insight-service, docs/models.md).
ALTER TABLE tenants ADD COLUMN anomaly_insights boolean NOT NULL DEFAULT false;
