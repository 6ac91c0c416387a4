-- Health checks (docs/plans.md#checks): when a cluster's upgrade began, so that its pods'
-- restarts and log lines count from its patch, and when it last passed all its checks,
-- so that a stage's soak ends only once every cluster was seen healthy after its soak.
ALTER TABLE flotilla_cluster ADD COLUMN patched_at TIMESTAMPTZ;
ALTER TABLE flotilla_cluster ADD COLUMN checked_at TIMESTAMPTZ;
