-- Included by bench/answer-costs.sql and bench/dedupe-costs.sql (psql's \ir) after
-- events-staging.sql: the table params, each batch's parameters as the projections bind them
-- (text arrays, the bodies as one JSON text); the view batch_events, a batch's events as
-- robot-service's insert reads them from its parameters; the procedure timed.
CREATE TABLE params AS
SELECT batch, array_agg(id ORDER BY g) i, array_agg(robot ORDER BY g) r, array_agg(constructor ORDER BY g) c,
       array_agg(client ORDER BY g) cl, array_agg(ts ORDER BY g) t, array_agg(rc ORDER BY g) rc,
       array_agg(type ORDER BY g) ty, array_agg(session ORDER BY g) s, '[' || string_agg(body, ',' ORDER BY g) || ']' AS b
FROM staging GROUP BY batch;
CREATE VIEW batch_events AS
SELECT p.batch, xe::uuid AS event_id, xr AS robot_id, xc AS constructor_id, xcl AS client_id, xt AS ts_ms,
       xrc AS received_ms, xty AS type, xs AS session_id, xb AS body
FROM params p, ROWS FROM (unnest(p.i), unnest(p.r), unnest(p.c), unnest(p.cl), unnest(p.t), unnest(p.rc),
                          unnest(p.ty), unnest(p.s), jsonb_array_elements(p.b::jsonb)) AS x(xe, xr, xc, xcl, xt, xrc, xty, xs, xb);
-- Runs the statement once for each batch from_batch..to_batch ({batch} in it: the batch's
-- number), each in its own transaction, and prints what it took per event of those batches.
CREATE PROCEDURE timed(label text, statement text, from_batch int, to_batch int) LANGUAGE plpgsql AS $$
DECLARE t0 timestamptz; k int; events bigint;
BEGIN
  SELECT sum(cardinality(i)) INTO events FROM params WHERE batch BETWEEN from_batch AND to_batch;
  t0 := clock_timestamp();
  FOR k IN from_batch..to_batch LOOP
    EXECUTE replace(statement, '{batch}', k::text);
    COMMIT;
  END LOOP;
  RAISE NOTICE '% (batches % to %): % us/row', label, from_batch, to_batch,
    round(extract(epoch from clock_timestamp() - t0) * 1e6 / events, 2);
END $$;
