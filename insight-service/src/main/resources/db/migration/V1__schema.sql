-- The insight schema, owned by insight-service alone (no other service reads it).
-- Flyway creates the schema; its tables arrive with the issues that build this service's routes.
COMMENT ON SCHEMA insight IS 'RoboVis insight-service';
