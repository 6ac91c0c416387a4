-- What a release stopped for when it awaits approval (release, stage or first-wave), and the stage it is in.
ALTER TABLE flotilla_release ADD COLUMN waiting_for VARCHAR(20);
ALTER TABLE flotilla_release ADD COLUMN current_stage VARCHAR(200);
ALTER TABLE flotilla_release ADD COLUMN approved_by VARCHAR(200);

-- Who passed a stage's gates.
ALTER TABLE flotilla_stage ADD COLUMN approved_by VARCHAR(200);
ALTER TABLE flotilla_stage ADD COLUMN first_wave_approved_by VARCHAR(200);

-- Everything an operator wants to hear about a release, signals included with who sent them, why, and the state
-- before and after: the audit log.
CREATE TABLE flotilla_event (
	id           BIGSERIAL     PRIMARY KEY,
	release_id   VARCHAR(63)   NOT NULL REFERENCES flotilla_release (id),
	at           TIMESTAMPTZ   NOT NULL,
	kind         VARCHAR(40)   NOT NULL,
	stage        VARCHAR(200),
	message      VARCHAR(4000) NOT NULL,
	actor        VARCHAR(200),
	reason       VARCHAR(2000),
	state_before VARCHAR(20),
	state_after  VARCHAR(20)
);

CREATE INDEX flotilla_event_release ON flotilla_event (release_id, id);
