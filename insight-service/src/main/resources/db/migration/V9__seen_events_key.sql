-- An event counts once by its time and id, which the same event sent twice both carries: keyed in
-- that order, new ids go to the index's newest entries instead of a random page of an index as
-- large as the history (as robot-service's V9 does for its event store; docs/benchmarks.md,
-- runs 57 and 58).
ALTER TABLE seen_events DROP CONSTRAINT seen_events_pkey;
ALTER TABLE seen_events ADD PRIMARY KEY (ts_ms, event_id);
