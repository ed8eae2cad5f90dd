-- Rollups become additive, written by the event projection in the batch's transaction, for the
-- events the batch actually inserted (a duplicate inserts nothing, so adds nothing; a late event
-- adds to its hour like any other). Recomputing changed hours from the event store cost the
-- ingestion most of its throughput (docs/benchmarks.md), so rollup_dirty goes.
DROP TABLE rollup_dirty;

-- [count, sum, min, max] per metric, merged key by key.
CREATE FUNCTION merge_stats(a jsonb, b jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
  SELECT COALESCE(jsonb_object_agg(k, CASE
           WHEN x IS NULL THEN y
           WHEN y IS NULL THEN x
           ELSE jsonb_build_array((x->>0)::bigint + (y->>0)::bigint,
                                  (x->>1)::float8 + (y->>1)::float8,
                                  least((x->>2)::float8, (y->>2)::float8),
                                  greatest((x->>3)::float8, (y->>3)::float8)) END), '{}'::jsonb)
  FROM (SELECT COALESCE(p.key, q.key) AS k, p.value AS x, q.value AS y
        FROM jsonb_each(a) p FULL JOIN jsonb_each(b) q ON p.key = q.key) z
$$;

-- [total, critical] per component, merged key by key.
CREATE FUNCTION merge_counts(a jsonb, b jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
  SELECT COALESCE(jsonb_object_agg(k, CASE
           WHEN x IS NULL THEN y
           WHEN y IS NULL THEN x
           ELSE jsonb_build_array((x->>0)::int + (y->>0)::int, (x->>1)::int + (y->>1)::int) END),
         '{}'::jsonb)
  FROM (SELECT COALESCE(p.key, q.key) AS k, p.value AS x, q.value AS y
        FROM jsonb_each(a) p FULL JOIN jsonb_each(b) q ON p.key = q.key) z
$$;

-- Which robots have data their score has not seen: the projection counts each robot's batches
-- (no extra statement: the robots row is updated anyway), the scorer notes what it scored.
ALTER TABLE robots ADD COLUMN data_seq bigint NOT NULL DEFAULT 0;
ALTER TABLE robot_health ADD COLUMN scored_seq bigint NOT NULL DEFAULT 0;
