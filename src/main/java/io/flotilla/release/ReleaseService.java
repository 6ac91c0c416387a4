package io.flotilla.release;

import io.flotilla.account.Actor;

import java.util.List;
import java.util.Set;

import io.flotilla.control.ReleaseState;
import io.flotilla.control.Signal;

/**
 * Starts releases, reports their progress and applies engineers' signals: the one way in
 * for the REST API, the CLI, Slack and the bench. Its records are all that callers read.
 */
public interface ReleaseService {

	/**
	 * Records a release of a plan, one row per cluster it reaches, and starts its job.
	 * @param planFile the file name, for messages and the default plan name
	 * @param planText the plan's text, snapshotted with the release
	 * @param requestedId the release id, or null for one made of the plan name and the
	 * time
	 * @param startedBy who starts it: an operator or admin
	 * @throws ReleaseException FORBIDDEN for a viewer; INVALID when the plan is invalid
	 * (an approver group that does not exist included), matches no cluster, or the id is
	 * taken; CONFLICT when other active releases hold some of its clusters and the plan
	 * says {@code onConflict: refuse} (the default)
	 */
	default ReleaseStatus start(String planFile, String planText, String requestedId, Actor startedBy) {
		return start(planFile, planText, requestedId, startedBy, null);
	}

	/**
	 * Starts a release as {@link #start(String, String, String, Actor)} does; with a
	 * break-glass reason, through any freeze: an admin's hotfix during an incident,
	 * recorded as a {@code release.break-glass} event, logged as a warning and broadcast.
	 * @param breakGlassReason why the release must run through freezes, or null for a
	 * release they hold
	 * @throws ReleaseException FORBIDDEN for a break-glass start by anyone but an admin,
	 * INVALID for a blank reason, and what the other start throws
	 */
	ReleaseStatus start(String planFile, String planText, String requestedId, Actor startedBy, String breakGlassReason);

	/**
	 * The dry run of a plan against the fleet as it is now: what {@link #start} would
	 * record, and what it would do about the clusters other releases hold. It changes
	 * nothing, so a viewer may ask.
	 * @param planFile the file name, for messages
	 * @param planText the plan's text
	 * @throws ReleaseException INVALID when the plan is invalid (each problem in
	 * {@link ReleaseException#planErrors()}) or matches no cluster; UNAVAILABLE when the
	 * fleet cannot be listed
	 */
	PlanPreview preview(String planFile, String planText);

	/**
	 * The release and each stage's progress, with the failed clusters and why.
	 * @throws ReleaseException NOT_FOUND for an unknown release
	 */
	ReleaseStatus status(String id);

	/**
	 * Every release, newest first, without the failed clusters' reasons.
	 */
	default List<ReleaseStatus> list() {
		return list(Set.of(), null);
	}

	/**
	 * The releases in any of some states and of a plan, newest first, without the failed
	 * clusters' reasons.
	 * @param states the states to show, or empty for every state
	 * @param plan only this plan's releases, or null for every plan's
	 */
	List<ReleaseStatus> list(Set<ReleaseState> states, String plan);

	/**
	 * One page of the release's clusters, filtered and sorted as the query says.
	 * @throws ReleaseException NOT_FOUND for an unknown release
	 */
	ClusterPage clusters(String releaseId, ClusterPage.Query query);

	/**
	 * Applies an engineer's signal, with the same meaning from every channel, and records
	 * it in the audit log. Signals to one release are applied one at a time under a row
	 * lock, so two engineers clicking at once leave one consistent outcome: the second
	 * signal sees the state the first one left.
	 * @param id the release
	 * @param signal what to do
	 * @param by who sends it: an operator or admin, and a member of an approver group to
	 * pass a gate that names some
	 * @param reason why, or null
	 * @return the release's status after the signal
	 * @throws ReleaseException NOT_FOUND for an unknown release, FORBIDDEN when the
	 * sender may not (recorded in the audit log), CONFLICT when the signal makes no sense
	 * in the release's state (nothing is changed then)
	 */
	ReleaseStatus signal(String id, Signal signal, Actor by, String reason);

	/**
	 * The fleet-wide emergency stop: pauses every release a pause applies to, each in its
	 * own transaction and recorded as its own signal, so a release that ends meanwhile is
	 * simply passed over.
	 * @param reason why, required
	 * @return the releases paused, with their status after the pause
	 * @throws ReleaseException INVALID without a reason, FORBIDDEN for a viewer
	 */
	List<ReleaseStatus> pauseAll(Actor by, String reason);

	/**
	 * The release's event log, oldest first: every signal with who, when, why and the
	 * states before and after, and everything the release reported.
	 * @throws ReleaseException NOT_FOUND for an unknown release
	 */
	List<EventRecord> events(String id);

	/**
	 * The clusters active releases hold, by cluster.
	 * @param releaseId only this release's, or null for all
	 * @throws ReleaseException NOT_FOUND for an unknown release
	 */
	List<Claim> claims(String releaseId);

}
