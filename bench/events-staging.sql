-- Included by bench/insert-costs.sql, bench/answer-costs.sql and bench/dedupe-costs.sql (psql's
-- \ir), in their schema, once they have set rows and batch_size: the table staging, :rows events
-- in batches of :batch_size, spread over 1,000 robots, with bodies like the simulator's telemetry.
CREATE TABLE staging AS
SELECT g / :batch_size AS batch, g,
       gen_random_uuid()::text AS id,
       'BENCH-' || lpad((g % 1000)::text, 5, '0') AS robot,
       'acme' AS constructor, 'client-' || (g % 7) AS client,
       1764000000000 + g * 37 AS ts, 1764000000000 + g * 37 + 5 AS rc,
       (ARRAY['telemetry','heartbeat','feature_used','journey_step'])[1 + g % 4] AS type,
       CASE WHEN g % 4 >= 2 THEN 's-' || (g % 333) END AS session,
       format('{"event_id":"%s","robot_id":"BENCH-%s","ts_ms":%s,"type":"telemetry","metrics":{"battery_pct":%s,"motor_temp_c":%s,"cpu_load":%s,"wifi_rssi_dbm":-%s},"attrs":{"fw":"4.2.1","site":"site-3"}}',
              gen_random_uuid(), lpad((g % 1000)::text, 5, '0'), 1764000000000 + g * 37, (g % 100), 30 + (g % 200) / 10.0, (g % 97) / 100.0, 40 + g % 30) AS body
FROM generate_series(0, :rows - 1) g;
