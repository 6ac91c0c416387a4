-- The message each release's Slack thread hangs under, so a restarted server threads on under the same one.
-- No foreign key to flotilla_release: that table is the release package's to change, and a thread row left behind harms nothing.
CREATE TABLE flotilla_slack_thread (
	release_id VARCHAR(63)  NOT NULL,
	channel    VARCHAR(100) NOT NULL,
	ts         VARCHAR(40)  NOT NULL,
	created_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
	PRIMARY KEY (release_id, channel)
);
