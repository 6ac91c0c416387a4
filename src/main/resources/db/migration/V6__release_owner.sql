-- The process that runs a release's current job execution (host/pid/start) and its Quartz instance, so that a
-- node recovers only executions whose process is gone, never one another live node runs.
ALTER TABLE flotilla_release ADD COLUMN owner VARCHAR(300);
ALTER TABLE flotilla_release ADD COLUMN owner_node VARCHAR(200);
