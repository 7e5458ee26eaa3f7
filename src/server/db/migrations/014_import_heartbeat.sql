-- Several instances share one database: an import is "abandoned" only when the instance running it
-- stopped beating, not whenever some instance starts (issue #10 §4, scale-out).
ALTER TABLE import_jobs ADD COLUMN heartbeat_at timestamptz;
UPDATE import_jobs SET heartbeat_at = coalesce(finished_at, created_at);
