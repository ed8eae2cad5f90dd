-- Each robot's fleet-health entry as JSON text, written when it is scored, so that a fleet of
-- 10,000 robots is answered by joining text, not by building 10,000 objects per request.
-- Presence (online, last_seen_ms) is added at read time from robots.
ALTER TABLE robot_health ADD COLUMN summary text;
