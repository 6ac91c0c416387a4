-- Local users. A password is stored only as the delegating encoder's hash ({bcrypt}…), so the algorithm can change
-- without a migration. Groups are what approver lists name; single sign-on users bring theirs with every login and
-- have no row here.
CREATE TABLE flotilla_user (
	name          VARCHAR(100)  PRIMARY KEY,
	password_hash VARCHAR(200)  NOT NULL,
	role          VARCHAR(20)   NOT NULL,
	groups        VARCHAR(2000) NOT NULL DEFAULT '',
	disabled      BOOLEAN       NOT NULL DEFAULT false,
	created_at    TIMESTAMPTZ   NOT NULL,
	updated_at    TIMESTAMPTZ   NOT NULL
);

-- API tokens. Only the SHA-256 of a token is kept, so a copy of this table lets nobody in; a token is long and
-- random, which is what makes a fast unsalted hash enough. A token carries at most its owner's role and the
-- owner's groups at the time it was made; its owner may be a single sign-on user, whose name can be as long as any
-- actor's.
CREATE TABLE flotilla_token (
	id           BIGSERIAL     PRIMARY KEY,
	name         VARCHAR(100)  NOT NULL,
	hash         CHAR(64)      NOT NULL UNIQUE,
	role         VARCHAR(20)   NOT NULL,
	owner        VARCHAR(200)  NOT NULL,
	groups       VARCHAR(2000) NOT NULL DEFAULT '',
	created_at   TIMESTAMPTZ   NOT NULL,
	last_used_at TIMESTAMPTZ,
	expires_at   TIMESTAMPTZ   NOT NULL,
	revoked_at   TIMESTAMPTZ
);

CREATE INDEX flotilla_token_owner ON flotilla_token (owner);

-- Failed logins are counted per client address across every name tried, so that one address guessing a common
-- password for many names is slowed too; this keeps that count off the rest of the audit log.
CREATE INDEX flotilla_event_failed_logins ON flotilla_event (actor, at) WHERE kind = 'login.failed';
