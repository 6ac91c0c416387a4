-- The audit log holds more than releases (users, tokens, schedules and freezes come next): each entry names its
-- subject by type and id instead of a release, and its kind by an explicit code instead of a Java class name.
ALTER TABLE flotilla_event ADD COLUMN subject_type VARCHAR(20);
ALTER TABLE flotilla_event ADD COLUMN subject_id VARCHAR(200);
UPDATE flotilla_event SET subject_type = 'release', subject_id = release_id;
ALTER TABLE flotilla_event ALTER COLUMN subject_type SET NOT NULL;
ALTER TABLE flotilla_event ALTER COLUMN subject_id SET NOT NULL;

UPDATE flotilla_event SET kind = CASE kind
	WHEN 'ReleaseStarted' THEN 'release.started'
	WHEN 'StageStarted' THEN 'stage.started'
	WHEN 'WaveDone' THEN 'wave.done'
	WHEN 'ClusterFailed' THEN 'cluster.failed'
	WHEN 'GateWaiting' THEN 'gate.waiting'
	WHEN 'BudgetBreached' THEN 'budget.breached'
	WHEN 'BakeStarted' THEN 'bake.started'
	WHEN 'SignalApplied' THEN 'signal.applied'
	WHEN 'ReleaseEnded' THEN 'release.ended'
	ELSE kind END;

DROP INDEX flotilla_event_release;
ALTER TABLE flotilla_event DROP COLUMN release_id;
CREATE INDEX flotilla_event_subject ON flotilla_event (subject_type, subject_id, id);
