package io.flotilla.release.runtime;

import java.util.List;

import io.flotilla.plan.Group;
import io.flotilla.plan.Plan;
import io.flotilla.plan.Stage;
import io.flotilla.release.ReleaseException;
import io.flotilla.release.ReleaseException.Reason;
import io.flotilla.release.ReleaseIds;

/**
 * What the release tables can hold of a caller's text, checked before anything is
 * written: a field too long for its column, or one holding a NUL character, which
 * PostgreSQL cannot store, is the caller's mistake, refused as INVALID with the field and
 * its limit, not a database error. Every channel (REST, CLI, Slack) reaches the service,
 * so every one gets the same rule.
 */
final class FieldLimits {

	/** {@code flotilla_release.plan_file}. */
	static final int PLAN_FILE = 500;

	/**
	 * Who did something ({@code started_by}, {@code approved_by}, the audit log's
	 * {@code actor}) and the plan's names ({@code plan_name}, {@code stage},
	 * {@code group_name}, {@code target_version}, {@code flotilla_claim.kind}).
	 */
	static final int NAME = 200;

	/** The audit log's {@code reason}. */
	static final int REASON = 2000;

	private FieldLimits() {
	}

	static void checkId(String id) {
		if (!ReleaseIds.isValid(id)) {
			throw new ReleaseException(Reason.INVALID, "release id '" + id + "' is not valid: " + ReleaseIds.RULE);
		}
	}

	/**
	 * @param field the field as the caller named it, for the refusal
	 * @param value the value, or null when the caller left it out
	 */
	static void check(String field, String value, int limit) {
		if (value == null) {
			return;
		}
		int length = value.codePointCount(0, value.length());
		if (length > limit) {
			throw new ReleaseException(Reason.INVALID,
					field + " is " + length + " characters long; the limit is " + limit);
		}
		if (value.indexOf('\0') >= 0) {
			throw new ReleaseException(Reason.INVALID, field + " contains a NUL character, which cannot be stored");
		}
	}

	/**
	 * The plan's names that the release's rows hold, each named by its path in the plan.
	 */
	static void checkPlan(String planFile, Plan plan) {
		check(planFile + ": name", plan.name(), NAME);
		check(planFile + ": target.kind", plan.target().kind(), NAME);
		check(planFile + ": version.target", plan.targetVersion(), NAME);
		List<Stage> stages = plan.stages();
		for (int s = 0; s < stages.size(); s++) {
			check(planFile + ": stages[" + s + "].name", stages.get(s).name(), NAME);
			List<Group> groups = stages.get(s).groups();
			for (int g = 0; g < groups.size(); g++) {
				check(planFile + ": stages[" + s + "].groups[" + g + "].name", groups.get(g).name(), NAME);
			}
		}
	}

}
