-- What one batch insert of 5,000 events costs PostgreSQL per row, in isolation, for the event
-- store's shape and variants of it, and for insight-service's seen_events (docs/benchmarks.md).
-- Run against a running local stack (`./robovis up --no-demo`), with any psql:
--   psql -h localhost -p 5433 -U postgres -d robovis -f bench/insert-costs.sql
-- Works in its own schema, dropped at the end. ev_a: the event store as it is; ev_c: robot_id
-- compared in the "C" collation; ev_j: body stored as json instead of jsonb.
DROP SCHEMA IF EXISTS exp CASCADE;
CREATE SCHEMA exp;
SET search_path = exp;
\set rows 600000
\set batch_size 5000
\ir events-staging.sql
CREATE TABLE ev_template (
    event_id uuid PRIMARY KEY, robot_id text NOT NULL, constructor_id text NOT NULL, client_id text NOT NULL,
    ts_ms bigint NOT NULL, received_ms bigint NOT NULL, type text NOT NULL, session_id text, body jsonb NOT NULL);
CREATE TABLE seen_template (event_id uuid PRIMARY KEY, ts_ms bigint NOT NULL);
CREATE INDEX ON staging (batch);
ANALYZE staging;
-- variant tables
DROP TABLE IF EXISTS ev_a, ev_c, ev_j, seen_a, seen_b, seen_c;
CREATE TABLE ev_a (LIKE ev_template INCLUDING ALL);
CREATE INDEX ON ev_a (robot_id, ts_ms DESC, event_id DESC); CREATE INDEX ON ev_a USING brin (ts_ms);
CREATE TABLE ev_c (LIKE ev_template INCLUDING ALL);
CREATE INDEX ON ev_c (robot_id COLLATE "C", ts_ms DESC, event_id DESC); CREATE INDEX ON ev_c USING brin (ts_ms);
CREATE TABLE ev_j (LIKE ev_template INCLUDING ALL); ALTER TABLE ev_j ALTER COLUMN body TYPE json;
CREATE INDEX ON ev_j (robot_id, ts_ms DESC, event_id DESC); CREATE INDEX ON ev_j USING brin (ts_ms);
CREATE TABLE seen_a (LIKE seen_template INCLUDING ALL);
CREATE TABLE seen_b (LIKE seen_template INCLUDING ALL);
CREATE TABLE seen_c (LIKE seen_template INCLUDING ALL);

CREATE OR REPLACE PROCEDURE load(tbl text, upto int) LANGUAGE plpgsql AS $$
DECLARE t0 timestamptz; n bigint := 0; k int; c bigint; bodytype text;
BEGIN
  SELECT CASE WHEN tbl = 'ev_j' THEN 'json' ELSE 'jsonb' END INTO bodytype;
  t0 := clock_timestamp();
  FOR k IN 0..upto LOOP
    EXECUTE format($q$
      WITH x AS (SELECT array_agg(id) i, array_agg(robot) r, array_agg(constructor) c, array_agg(client) cl,
                        array_agg(ts) t, array_agg(rc) rc, array_agg(type) ty, array_agg(session) s, array_agg(body) b
                 FROM staging WHERE batch = $1),
      ins AS (INSERT INTO %I (event_id, robot_id, constructor_id, client_id, ts_ms, received_ms, type, session_id, body)
              SELECT u.e::uuid, u.r, u.c, u.cl, u.t, u.rc, u.ty, u.s, u.b::%s
              FROM x, unnest(x.i, x.r, x.c, x.cl, x.t, x.rc, x.ty, x.s, x.b) AS u(e, r, c, cl, t, rc, ty, s, b)
              ON CONFLICT (event_id) DO NOTHING RETURNING event_id::text)
      SELECT count(*) FROM ins$q$, tbl, bodytype) INTO c USING k;
    n := n + c;
    COMMIT;
  END LOOP;
  RAISE NOTICE '% : % rows in % ms = % us/row', tbl, n, round(extract(epoch from clock_timestamp() - t0) * 1000), round(extract(epoch from clock_timestamp() - t0) * 1e6 / n, 1);
END $$;

CREATE OR REPLACE PROCEDURE seen(tbl text, mode text, upto int) LANGUAGE plpgsql AS $$
DECLARE t0 timestamptz; n bigint := 0; k int; c bigint; q text;
BEGIN
  t0 := clock_timestamp();
  FOR k IN 0..upto LOOP
    IF mode = 'ordered' THEN
      q := format($q$WITH x AS (SELECT array_agg(id::uuid) i, array_agg(ts) t FROM staging WHERE batch = $1),
        ins AS (INSERT INTO %I (event_id, ts_ms) SELECT u.* FROM x, unnest(x.i, x.t) u ORDER BY 1 ON CONFLICT (event_id) DO NOTHING RETURNING event_id)
        SELECT count(*) FROM ins$q$, tbl);
    ELSIF mode = 'unordered' THEN
      q := format($q$WITH x AS (SELECT array_agg(id::uuid) i, array_agg(ts) t FROM staging WHERE batch = $1),
        ins AS (INSERT INTO %I (event_id, ts_ms) SELECT u.* FROM x, unnest(x.i, x.t) u ON CONFLICT (event_id) DO NOTHING RETURNING event_id)
        SELECT count(*) FROM ins$q$, tbl);
    ELSE
      q := format($q$WITH x AS (SELECT array_agg(id::uuid) i, array_agg(ts) t FROM staging WHERE batch = $1),
        ins AS (INSERT INTO %I (event_id, ts_ms) SELECT u.e, u.t FROM x, unnest(x.i, x.t) u(e, t)
                WHERE NOT EXISTS (SELECT 1 FROM %I s WHERE s.event_id = u.e) RETURNING event_id)
        SELECT count(*) FROM ins$q$, tbl, tbl);
    END IF;
    EXECUTE q INTO c USING k;
    n := n + c;
    COMMIT;
  END LOOP;
  RAISE NOTICE '% (%) : % rows in % ms = % us/row', tbl, mode, n, round(extract(epoch from clock_timestamp() - t0) * 1000), round(extract(epoch from clock_timestamp() - t0) * 1e6 / n, 1);
END $$;

-- 40 batches of 5,000 each (200,000 rows); each prints its cost per row
CALL load('ev_a', 39);
CALL load('ev_c', 39);
CALL load('ev_j', 39);
CALL seen('seen_a', 'ordered', 39);
CALL seen('seen_b', 'unordered', 39);
CALL seen('seen_c', 'notexists', 39);
DROP SCHEMA exp CASCADE;
