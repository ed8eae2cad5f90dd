-- What the projections' idempotent inserts cost PostgreSQL per row, with the answer row built two
-- ways (docs/benchmarks.md, "The answer row"): "eager", an aggregate of every inserted row's key
-- text in the answer, as before; "lazy", as NewEvents builds it now, the keys only when some event
-- was not new. Then what the eager answer's aggregate costs alone, which the insert's noise hides.
-- Batches of 20,000 events (the projections' largest), into tables shaped like the event store and
-- insight-service's seen_events: 50 batches to fill them (1,000,000 rows), then 5 and 5 measured,
-- the two ways taking turns. Run against a running local stack (`./robovis up --no-demo`):
--   psql -h localhost -p 5433 -U postgres -d robovis -f bench/answer-costs.sql
-- Works in its own schema, dropped at the end; took about three minutes here.
DROP SCHEMA IF EXISTS exp CASCADE;
CREATE SCHEMA exp;
SET search_path = exp;
\set rows 1200000
\set batch_size 20000
\ir events-staging.sql
\ir events-params.sql
DROP TABLE staging;
CREATE TABLE ev_eager (LIKE robot.events INCLUDING ALL);
CREATE TABLE ev_lazy (LIKE robot.events INCLUDING ALL);
CREATE TABLE seen_eager (LIKE insight.seen_events INCLUDING ALL);
CREATE TABLE seen_lazy (LIKE insight.seen_events INCLUDING ALL);
CHECKPOINT;

CREATE PROCEDURE load(tbl text, answer text, from_batch int, to_batch int) LANGUAGE plpgsql AS $$
DECLARE insert text; key text; columns text; q text;
BEGIN
  IF tbl LIKE 'ev_%' THEN
    insert := format($q$INSERT INTO %I (event_id, robot_id, constructor_id, client_id, ts_ms, received_ms, type, session_id, body)
      SELECT event_id, robot_id, constructor_id, client_id, ts_ms, received_ms, type, session_id, body
      FROM batch_events WHERE batch = {batch}
      ON CONFLICT (robot_id, ts_ms, event_id) DO NOTHING$q$, tbl);
    key := $k$ts_ms || ' ' || event_id || ' ' || robot_id$k$;
    columns := 'ts_ms, event_id, robot_id';
  ELSE
    insert := format($q$INSERT INTO %I (ts_ms, event_id)
      SELECT * FROM unnest((SELECT t FROM params WHERE batch = {batch}), (SELECT i FROM params WHERE batch = {batch})::uuid[]) ORDER BY 1, 2
      ON CONFLICT (ts_ms, event_id) DO NOTHING$q$, tbl);
    key := $k$ts_ms || ' ' || event_id$k$;
    columns := 'ts_ms, event_id';
  END IF;
  IF answer = 'eager' THEN
    q := format($q$WITH inserted AS (%s RETURNING %s AS key)
      SELECT count(*) AS n, CASE WHEN count(*) < 20000 THEN array_agg(key) END AS keys FROM inserted$q$, insert, key);
  ELSE
    q := format($q$WITH inserted AS (%s RETURNING %s), stored AS (SELECT count(*) AS n FROM inserted)
      SELECT n, CASE WHEN n < 20000 THEN (SELECT array_agg(%s) FROM inserted) END AS keys FROM stored$q$, insert, columns, key);
  END IF;
  CALL timed(format('%s (%s)', tbl, answer), q, from_batch, to_batch);
END $$;

CALL load('ev_eager', 'eager', 0, 49); CALL load('ev_lazy', 'lazy', 0, 49);
CALL load('ev_eager', 'eager', 50, 54); CALL load('ev_lazy', 'lazy', 50, 54);
CALL load('ev_lazy', 'lazy', 55, 59); CALL load('ev_eager', 'eager', 55, 59);
CALL load('seen_eager', 'eager', 0, 49); CALL load('seen_lazy', 'lazy', 0, 49);
CALL load('seen_eager', 'eager', 50, 54); CALL load('seen_lazy', 'lazy', 50, 54);
CALL load('seen_lazy', 'lazy', 55, 59); CALL load('seen_eager', 'eager', 55, 59);

CREATE TABLE keys AS SELECT ts_ms, event_id, robot_id FROM ev_lazy ORDER BY ts_ms DESC LIMIT 20000;
DO $$ DECLARE t0 timestamptz; i int; a text[]; c bigint; BEGIN
  t0 := clock_timestamp();
  FOR i IN 1..50 LOOP SELECT array_agg(ts_ms || ' ' || event_id || ' ' || robot_id) INTO a FROM keys; END LOOP;
  RAISE NOTICE 'the event keys built and aggregated: % us/row', round(extract(epoch from clock_timestamp() - t0) * 1e6 / 1e6, 2);
  t0 := clock_timestamp();
  FOR i IN 1..50 LOOP SELECT array_agg(ts_ms || ' ' || event_id) INTO a FROM keys; END LOOP;
  RAISE NOTICE 'the seen_events keys built and aggregated: % us/row', round(extract(epoch from clock_timestamp() - t0) * 1e6 / 1e6, 2);
  t0 := clock_timestamp();
  FOR i IN 1..50 LOOP SELECT count(*) INTO c FROM keys; END LOOP;
  RAISE NOTICE 'the rows counted only: % us/row', round(extract(epoch from clock_timestamp() - t0) * 1e6 / 1e6, 2);
END $$;
DROP SCHEMA exp CASCADE;
