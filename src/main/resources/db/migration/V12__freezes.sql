-- Freezes started by an admin (flotilla freeze start): while one has not ended, the releases it covers start no new
-- wave and schedules do not fire into it. A selector (labels a plan's selector must carry, "k=v,k=v") narrows it to
-- some plans; none covers the whole fleet. Planned freezes come from configuration and have no row.
CREATE TABLE flotilla_freeze (
	id          BIGSERIAL     PRIMARY KEY,
	reason      VARCHAR(2000) NOT NULL,
	selector    VARCHAR(2000) NOT NULL DEFAULT '',
	started_by  VARCHAR(200)  NOT NULL,
	started_at  TIMESTAMPTZ   NOT NULL,
	ended_by    VARCHAR(200),
	ended_at    TIMESTAMPTZ,
	end_reason  VARCHAR(2000)
);

CREATE INDEX flotilla_freeze_active ON flotilla_freeze (id) WHERE ended_at IS NULL;

-- A release an admin started through a freeze (release start --break-glass): freezes do not hold it.
ALTER TABLE flotilla_release ADD COLUMN break_glass BOOLEAN NOT NULL DEFAULT false;
