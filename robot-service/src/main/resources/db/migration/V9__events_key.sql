-- An event is its robot, its time and its id: the same event sent twice carries all three. One key
-- in that order replaces the key on event_id alone and the timeline's index (which it serves,
-- read backwards). event_id's random order sent every insert to a random page of an index as
-- large as the table's history, most of it out of memory once the table outgrows the buffers;
-- inserts now go to each robot's newest entries (docs/benchmarks.md, runs 57 and 58). A key that
-- includes the time is also one a table partitioned by time can keep.
ALTER TABLE events DROP CONSTRAINT events_pkey;
DROP INDEX events_timeline;
ALTER TABLE events ADD PRIMARY KEY (robot_id, ts_ms, event_id);
