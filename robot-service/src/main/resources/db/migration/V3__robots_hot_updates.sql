-- Presence and latest telemetry update each robot row once per projected batch. Those updates
-- stay heap-only (HOT) when no indexed column changes and the page has room: drop the index on
-- last_seen_ms (the presence sweep filters online robots; a sequential pass over the registry
-- every few seconds is cheap next to an index write per event batch and robot) and leave room
-- on each page.
DROP INDEX robots_online;
ALTER TABLE robots SET (fillfactor = 70);
