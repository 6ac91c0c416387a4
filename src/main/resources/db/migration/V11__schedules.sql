-- The schedules loaded from the schedules directory. A row holds the last valid text of its file (what fires), and
-- the problems of the file as it is now when that copy is invalid, so the last valid one keeps running. A schedule
-- whose file was never valid has no text and no trigger. The Quartz cron trigger of a schedule lives in the QRTZ_
-- tables, written in the same transaction as its row.
CREATE TABLE flotilla_schedule (
	name          VARCHAR(48)   PRIMARY KEY,
	file          VARCHAR(255)  NOT NULL,
	definition    TEXT,
	hash          CHAR(64),
	problems      TEXT,
	loaded_at     TIMESTAMPTZ   NOT NULL,
	-- a fire that waits for the previous release to end (overlap: queue): when it was due
	queued_due_at TIMESTAMPTZ
);

-- Which copy of the directory the rows above come from: the newest modification time in it. A server whose copy is
-- older (a node whose ConfigMap volume has not been updated yet) changes nothing, so it never brings back a schedule
-- that a newer copy removed.
CREATE TABLE flotilla_schedule_source (
	id           SMALLINT     PRIMARY KEY CHECK (id = 1),
	modified_at  TIMESTAMPTZ  NOT NULL,
	applied_at   TIMESTAMPTZ  NOT NULL,
	applied_by   VARCHAR(200) NOT NULL
);

-- Every fire of a schedule and what came of it. The audit log has the same in words; this is what `schedule list`,
-- the denylist of versions and the bench read. A schedule's fires outlive its row: they are history.
CREATE TABLE flotilla_schedule_fire (
	id         BIGSERIAL    PRIMARY KEY,
	schedule   VARCHAR(48)  NOT NULL,
	due_at     TIMESTAMPTZ  NOT NULL,
	fired_at   TIMESTAMPTZ  NOT NULL,
	outcome    VARCHAR(20)  NOT NULL,
	release_id VARCHAR(63),
	version    VARCHAR(64),
	detail     TEXT         NOT NULL
);

CREATE INDEX flotilla_schedule_fire_schedule ON flotilla_schedule_fire (schedule, id);
