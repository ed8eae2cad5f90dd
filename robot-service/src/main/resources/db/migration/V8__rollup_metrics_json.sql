-- A full rescore reads every robot's last eight days of hourly metrics (100,000 robots: 19 million
-- rows). Printing them from jsonb was most of the database's share of that work; json keeps the
-- text as it was written, so reading it costs no more than reading the row. Writes still merge
-- through jsonb (the projection's upsert calls merge_stats on the stored and the new hour), and
-- their result is printed once, when written.
ALTER TABLE robot_hourly ALTER COLUMN metrics TYPE json USING metrics::json;

CREATE FUNCTION merge_stats(a json, b json) RETURNS json
LANGUAGE sql IMMUTABLE AS $$ SELECT merge_stats(a::jsonb, b::jsonb)::json $$;
