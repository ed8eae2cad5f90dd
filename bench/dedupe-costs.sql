-- What deduplication costs the event store's insert, per row, against the same rows without it
-- and against COPY (docs/benchmarks.md, runs 92-96): batches of 20,000 events, as robot-service's
-- projection binds them, into tables shaped like the event store (its key and BRIN index):
-- "conflict", as the projection writes them (ON CONFLICT DO NOTHING on the key); "notexists", an
-- anti-join on the key instead; "plain", no deduplication; "copy", COPY from a file of the same
-- rows (the benchmark's baseline). 30 batches to fill each table (600,000 rows), then three rounds
-- of 5 batches each, the four taking turns; then the anti-join's plan. Run against a running
-- local stack (`./robovis up --no-demo`), as PostgreSQL's superuser (COPY reads and writes files
-- of the server):
--   psql -h localhost -p 5433 -U postgres -d robovis -f bench/dedupe-costs.sql
-- Works in its own schema, dropped at the end, and files under /tmp, removed at the end; took
-- about a minute and a half here.
DROP SCHEMA IF EXISTS exp CASCADE;
CREATE SCHEMA exp;
SET search_path = exp;
\set rows 1200000
\set batch_size 20000
\ir events-staging.sql
\ir events-params.sql
DO $$ DECLARE k int; BEGIN
  FOR k IN 0..59 LOOP
    EXECUTE format($q$COPY (SELECT id::uuid, robot, constructor, client, ts, rc, type, session, body::jsonb FROM staging WHERE batch = %s ORDER BY g) TO '/tmp/robovis-dedupe-costs-%s.copy'$q$, k, k);
  END LOOP; END $$;
DROP TABLE staging;
CREATE TABLE ev_conflict (LIKE robot.events INCLUDING ALL);
CREATE TABLE ev_notexists (LIKE robot.events INCLUDING ALL);
CREATE TABLE ev_plain (LIKE robot.events INCLUDING ALL);
CREATE TABLE ev_copy (LIKE robot.events INCLUDING ALL);
CHECKPOINT;

CREATE PROCEDURE load(tbl text, mode text, from_batch int, to_batch int) LANGUAGE plpgsql AS $$
DECLARE q text; insert text;
BEGIN
  insert := format($q$INSERT INTO %I (event_id, robot_id, constructor_id, client_id, ts_ms, received_ms, type, session_id, body)
      SELECT event_id, robot_id, constructor_id, client_id, ts_ms, received_ms, type, session_id, body
      FROM batch_events e WHERE batch = {batch}$q$, tbl);
  IF mode = 'conflict' THEN
    q := format($q$WITH inserted AS (%s ON CONFLICT (robot_id, ts_ms, event_id) DO NOTHING
      RETURNING ts_ms, event_id, robot_id) SELECT count(*) FROM inserted$q$, insert);
  ELSIF mode = 'notexists' THEN
    q := format($q$WITH inserted AS (%s AND NOT EXISTS (SELECT 1 FROM %I z
      WHERE z.robot_id = e.robot_id AND z.ts_ms = e.ts_ms AND z.event_id = e.event_id)
      RETURNING ts_ms, event_id, robot_id) SELECT count(*) FROM inserted$q$, insert, tbl);
  ELSIF mode = 'plain' THEN
    q := format($q$WITH inserted AS (%s RETURNING ts_ms, event_id, robot_id) SELECT count(*) FROM inserted$q$, insert);
  ELSE
    q := format($q$COPY %I (event_id, robot_id, constructor_id, client_id, ts_ms, received_ms, type, session_id, body)
      FROM '/tmp/robovis-dedupe-costs-{batch}.copy'$q$, tbl);
  END IF;
  CALL timed(mode, q, from_batch, to_batch);
END $$;

CALL load('ev_conflict', 'conflict', 0, 29); CALL load('ev_notexists', 'notexists', 0, 29);
CALL load('ev_plain', 'plain', 0, 29); CALL load('ev_copy', 'copy', 0, 29);
CALL load('ev_conflict', 'conflict', 30, 34); CALL load('ev_notexists', 'notexists', 30, 34);
CALL load('ev_plain', 'plain', 30, 34); CALL load('ev_copy', 'copy', 30, 34);
CALL load('ev_copy', 'copy', 35, 39); CALL load('ev_plain', 'plain', 35, 39);
CALL load('ev_notexists', 'notexists', 35, 39); CALL load('ev_conflict', 'conflict', 35, 39);
CALL load('ev_conflict', 'conflict', 40, 44); CALL load('ev_notexists', 'notexists', 40, 44);
CALL load('ev_plain', 'plain', 40, 44); CALL load('ev_copy', 'copy', 40, 44);
EXPLAIN (COSTS OFF) WITH inserted AS (INSERT INTO ev_notexists (event_id, robot_id, constructor_id, client_id, ts_ms, received_ms, type, session_id, body)
      SELECT event_id, robot_id, constructor_id, client_id, ts_ms, received_ms, type, session_id, body
      FROM batch_events e WHERE batch = 45 AND NOT EXISTS (SELECT 1 FROM ev_notexists z
      WHERE z.robot_id = e.robot_id AND z.ts_ms = e.ts_ms AND z.event_id = e.event_id)
      RETURNING ts_ms) SELECT count(*) FROM inserted;
DROP SCHEMA exp CASCADE;
COPY (SELECT 1) TO PROGRAM 'rm -f /tmp/robovis-dedupe-costs-*.copy';
