-- As in robot-service (its V8): the hourly metrics are written and read as text only (RollupWriter
-- rewrites them, the facts read them with ::text), so json keeps them as written instead of parsing
-- them into jsonb on every write and printing them on every read. Under the ingestion benchmark
-- this update cost 40 µs per robot-hour here against 11.5 µs in robot-service (docs/benchmarks.md,
-- run 41). The conflict clause still merges through jsonb.
ALTER TABLE robot_hourly ALTER COLUMN metrics TYPE json USING metrics::json;

CREATE FUNCTION merge_stats(a json, b json) RETURNS json
LANGUAGE sql IMMUTABLE AS $$ SELECT merge_stats(a::jsonb, b::jsonb)::json $$;
