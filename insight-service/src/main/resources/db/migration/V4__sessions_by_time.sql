-- Fleet-wide journey facts select a window's sessions by start time across all robots.
CREATE INDEX sessions_first ON sessions (first_ms);
