-- The webhook schema, owned by webhook-service alone (no other service reads it).
-- Flyway creates the schema; its tables arrive with the issues that build this service's routes.
COMMENT ON SCHEMA webhook IS 'RoboVis webhook-service';
