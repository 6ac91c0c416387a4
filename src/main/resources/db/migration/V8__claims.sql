-- Who holds a cluster: no two active holders ever work on one resource, and the primary key, not a check in
-- the code, is what guarantees it. A release's claims are inserted in its start transaction and deleted by the
-- statement that moves it to a terminal state, so a crash never leaks one. Other kinds of holder (a rolling
-- restart, a config change) will take the same rows with another holder_type.
CREATE TABLE flotilla_claim (
	context     VARCHAR(253) NOT NULL,
	namespace   VARCHAR(253) NOT NULL,
	kind        VARCHAR(200) NOT NULL,
	name        VARCHAR(253) NOT NULL,
	holder_type VARCHAR(20)  NOT NULL,
	holder_id   VARCHAR(200) NOT NULL,
	claimed_at  TIMESTAMPTZ  NOT NULL,
	PRIMARY KEY (context, namespace, kind, name)
);

CREATE INDEX flotilla_claim_holder ON flotilla_claim (holder_type, holder_id);

-- Releases still unfinished when this migration runs take their clusters now, the oldest first. Their kind is
-- read from the top-level target of the plan text they started with, in flow style (target: {kind: X}) or in block
-- style (an indented kind: line under target:); a plan without a target rolls out StatefulSets.
INSERT INTO flotilla_claim (context, namespace, kind, name, holder_type, holder_id, claimed_at)
SELECT c.context, c.namespace,
	coalesce(
		substring(r.plan_text from '(?:^|\n)target:[ \t]*\{[^}]*kind:[ \t]*[''"]?([A-Za-z0-9]+)'),
		substring(r.plan_text from '(?:^|\n)target:[ \t]*\n(?:[ \t]+[^\n]*\n)*?[ \t]+kind:[ \t]*[''"]?([A-Za-z0-9]+)'),
		'StatefulSet'),
	c.name, 'release', r.id, now()
FROM flotilla_cluster c JOIN flotilla_release r ON r.id = c.release_id
WHERE r.state NOT IN ('COMPLETED', 'CANCELLED')
ORDER BY r.created_at
ON CONFLICT DO NOTHING;
