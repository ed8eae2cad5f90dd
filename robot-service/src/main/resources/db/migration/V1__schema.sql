-- The robot schema, owned by robot-service alone (no other service reads it).
-- Flyway creates the schema; its tables arrive with the issues that build this service's routes.
COMMENT ON SCHEMA robot IS 'RoboVis robot-service';
