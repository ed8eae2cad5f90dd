-- Included by bench/answer-costs.sql and bench/dedupe-costs.sql (psql's \ir) after
-- events-staging.sql: the table params, each batch's parameters as the projections bind them
-- (text arrays, the bodies as one JSON text).
CREATE TABLE params AS
SELECT batch, array_agg(id ORDER BY g) i, array_agg(robot ORDER BY g) r, array_agg(constructor ORDER BY g) c,
       array_agg(client ORDER BY g) cl, array_agg(ts ORDER BY g) t, array_agg(rc ORDER BY g) rc,
       array_agg(type ORDER BY g) ty, array_agg(session ORDER BY g) s, '[' || string_agg(body, ',' ORDER BY g) || ']' AS b
FROM staging GROUP BY batch;
