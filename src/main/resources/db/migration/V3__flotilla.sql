-- One row per release: the plan text it started with, so its job is rebuilt the same way after jobs/ changes.
CREATE TABLE flotilla_release (
	id             VARCHAR(63)  NOT NULL PRIMARY KEY,
	plan_name      VARCHAR(200) NOT NULL,
	plan_file      VARCHAR(500) NOT NULL,
	plan_text      TEXT         NOT NULL,
	target_version VARCHAR(200) NOT NULL,
	state          VARCHAR(20)  NOT NULL,
	state_reason   VARCHAR(2000),
	started_by     VARCHAR(200) NOT NULL,
	created_at     TIMESTAMPTZ  NOT NULL,
	updated_at     TIMESTAMPTZ  NOT NULL
);

-- Per stage: its place in the plan, the failures a resume accepted, and when its bake ends.
CREATE TABLE flotilla_stage (
	release_id        VARCHAR(63)  NOT NULL REFERENCES flotilla_release (id),
	position          INT          NOT NULL,
	name              VARCHAR(200) NOT NULL,
	clusters          INT          NOT NULL,
	accepted_failures INT          NOT NULL DEFAULT 0,
	bake_until        TIMESTAMPTZ,
	PRIMARY KEY (release_id, name)
);

-- One row per cluster of a release; its outcome is committed in the transaction of the wave that upgraded it.
CREATE TABLE flotilla_cluster (
	release_id     VARCHAR(63)  NOT NULL REFERENCES flotilla_release (id),
	stage          VARCHAR(200) NOT NULL,
	group_name     VARCHAR(200) NOT NULL,
	wave           INT          NOT NULL,
	context        VARCHAR(253) NOT NULL,
	namespace      VARCHAR(253) NOT NULL,
	name           VARCHAR(253) NOT NULL,
	from_version   VARCHAR(200),
	target_version VARCHAR(200) NOT NULL,
	state          VARCHAR(20)  NOT NULL,
	reason         VARCHAR(2000),
	updated_at     TIMESTAMPTZ  NOT NULL,
	PRIMARY KEY (release_id, context, namespace, name)
);

CREATE INDEX flotilla_cluster_wave ON flotilla_cluster (release_id, stage, group_name, state, wave);
