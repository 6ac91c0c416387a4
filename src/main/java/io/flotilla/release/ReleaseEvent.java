package io.flotilla.release;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.flotilla.control.ReleaseState;
import io.flotilla.control.Signal;
import io.flotilla.plan.Durations;
import io.flotilla.plan.OnConflict;

/**
 * Something an operator wants to hear about a release. Each event is stored in the audit
 * log with the state change it reports, in the same transaction, and published to
 * listeners only after that transaction commits, so nobody is told about a state that
 * could still roll back.
 */
public sealed interface ReleaseEvent {

	String releaseId();

	Instant at();

	/**
	 * The stage the event is about, or null for the release as a whole.
	 */
	default String stage() {
		return null;
	}

	/**
	 * One line for a log, an event list or a chat message.
	 */
	String describe();

	/**
	 * The code the audit log stores for this kind of event; it stays the same when the
	 * record is renamed.
	 */
	String kind();

	record ReleaseStarted(String releaseId, Instant at, String plan, String planFile, String targetVersion,
			List<String> stages, int clusters, String startedBy) implements ReleaseEvent {

		public static final String KIND = "release.started";

		@Override
		public String kind() {
			return KIND;
		}

		@Override
		public String describe() {
			return "release %s of plan %s (%s) to %s started by %s: %d clusters in stages %s".formatted(this.releaseId,
					this.plan, this.planFile, this.targetVersion, this.startedBy, this.clusters,
					String.join(" → ", this.stages));
		}

	}

	record StageStarted(String releaseId, Instant at, String stage, int clusters) implements ReleaseEvent {

		public static final String KIND = "stage.started";

		@Override
		public String kind() {
			return KIND;
		}

		@Override
		public String describe() {
			return "stage %s started: %d clusters".formatted(this.stage, this.clusters);
		}

	}

	record WaveDone(String releaseId, Instant at, String stage, String group, int wave, int upgraded,
			int alreadyCurrent, int skippedNewer, int failed) implements ReleaseEvent {

		public static final String KIND = "wave.done";

		@Override
		public String kind() {
			return KIND;
		}

		@Override
		public String describe() {
			return "stage %s group %s wave %d done: %d upgraded, %d already current, %s%d failed".formatted(this.stage,
					this.group, this.wave, this.upgraded, this.alreadyCurrent,
					(this.skippedNewer > 0) ? this.skippedNewer + " skipped as newer, " : "", this.failed);
		}

	}

	record ClusterFailed(String releaseId, Instant at, String stage, String cluster,
			String reason) implements ReleaseEvent {

		public static final String KIND = "cluster.failed";

		@Override
		public String kind() {
			return KIND;
		}

		@Override
		public String describe() {
			return "cluster %s failed in stage %s: %s".formatted(this.cluster, this.stage, this.reason);
		}

	}

	record ClusterDowngraded(String releaseId, Instant at, String stage, String cluster, String from,
			String to) implements ReleaseEvent {

		public static final String KIND = "cluster.downgraded";

		@Override
		public String kind() {
			return KIND;
		}

		@Override
		public String describe() {
			return "cluster %s downgraded in stage %s from %s to %s, as the plan allows".formatted(this.cluster,
					this.stage, this.from, this.to);
		}

	}

	record GateWaiting(String releaseId, Instant at, String stage, String waitingFor) implements ReleaseEvent {

		public static final String KIND = "gate.waiting";

		@Override
		public String kind() {
			return KIND;
		}

		@Override
		public String describe() {
			return "waiting for " + this.waitingFor + "; send continue to go on";
		}

	}

	record BudgetBreached(String releaseId, Instant at, String stage, int failed, int budget,
			List<ClusterFailure> failures) implements ReleaseEvent {

		public static final String KIND = "budget.breached";

		@Override
		public String kind() {
			return KIND;
		}

		@Override
		public String describe() {
			return "stage %s paused: %d failed clusters over the budget of %d".formatted(this.stage, this.failed,
					this.budget);
		}

	}

	record BakeStarted(String releaseId, Instant at, String stage, Instant until) implements ReleaseEvent {

		public static final String KIND = "bake.started";

		@Override
		public String kind() {
			return KIND;
		}

		@Override
		public String describe() {
			return "stage %s baking until %s".formatted(this.stage, this.until);
		}

	}

	/**
	 * Clusters of the release that other releases held: at the start, where the plan left
	 * them out or waits for them, or before a stage that waits for them.
	 *
	 * @param stage the stage that waits, or null at the start
	 * @param held how many clusters others hold
	 * @param holders which clusters, and who holds them ({@link Claim#summary})
	 */
	record ClustersHeld(String releaseId, Instant at, String stage, int held, String holders,
			OnConflict onConflict) implements ReleaseEvent {

		public static final String KIND = "claims.held";

		@Override
		public String kind() {
			return KIND;
		}

		@Override
		public String describe() {
			if (this.stage != null) {
				return "waiting for " + this.holders + " to be let go before the stage starts";
			}
			return this.holders + ((this.onConflict == OnConflict.SKIP) ? ": left out (onConflict: skip)"
					: ": each is taken when its holder lets it go (onConflict: wait)");
		}

	}

	/**
	 * A release's execution was found left running by a server that is gone, and taken up
	 * again.
	 *
	 * @param execution the dead execution
	 * @param recent recoveries of the release within {@code window}, this one included
	 * @param window how far back {@code recent} counts
	 * @param loop whether {@code recent} is high enough to say its server keeps dying
	 */
	record ReleaseRecovered(String releaseId, Instant at, long execution, int recent, Duration window,
			boolean loop) implements ReleaseEvent {

		public static final String KIND = "release.recovered";

		@Override
		public String kind() {
			return KIND;
		}

		@Override
		public String describe() {
			String recovered = "recovered execution %d, which a server that is gone left running (%d %s in the last %s)"
				.formatted(this.execution, this.recent, (this.recent == 1) ? "recovery" : "recoveries",
						Durations.format(this.window));
			return this.loop ? recovered
					+ "; WARNING: its server keeps dying (out of memory? a failing liveness probe?)."
					+ " Progress is kept: each restart records what the last one left before it waits on anything"
					: recovered;
		}

	}

	record SignalApplied(String releaseId, Instant at, Signal signal, String by, String reason, ReleaseState before,
			ReleaseState after) implements ReleaseEvent {

		public static final String KIND = "signal.applied";

		@Override
		public String kind() {
			return KIND;
		}

		@Override
		public String describe() {
			return "%s by %s%s (%s → %s)".formatted(this.signal.word(), this.by,
					(this.reason != null && !this.reason.isBlank()) ? ": " + this.reason : "", this.before, this.after);
		}

	}

	/**
	 * A signal its sender may not send, refused with nothing changed: recorded, since who
	 * tried to pass a gate they may not pass is what an audit is for.
	 *
	 * @param stage the stage whose gate it was, or null for the release's
	 * @param why why it was refused, naming who may
	 */
	record SignalRefused(String releaseId, Instant at, String stage, Signal signal, String by, String reason,
			ReleaseState state, String why) implements ReleaseEvent {

		public static final String KIND = "signal.refused";

		@Override
		public String kind() {
			return KIND;
		}

		@Override
		public String describe() {
			return "%s by %s refused: %s".formatted(this.signal.word(), this.by, this.why);
		}

	}

	/**
	 * A pause took effect: the clusters that were in flight have finished, and nothing
	 * runs until it is resumed or cancelled.
	 *
	 * @param reason who paused it and why, or why it stopped
	 */
	record ReleasePaused(String releaseId, Instant at, String reason) implements ReleaseEvent {

		public static final String KIND = "release.paused";

		@Override
		public String kind() {
			return KIND;
		}

		@Override
		public String describe() {
			return "release PAUSED, nothing in flight" + ((this.reason != null) ? ": " + this.reason : "");
		}

	}

	/**
	 * A health check found an upgraded cluster failing, or a cluster failing before its
	 * patch, and what the plan's policy made of it.
	 *
	 * @param cluster the cluster's key
	 * @param check the check's name
	 * @param outcome what became of it: "the release pauses", "the cluster fails and
	 * counts against the budget", "recorded", "left as it was, not upgraded"
	 * @param description the check's words, with the value and the threshold
	 */
	record CheckFailed(String releaseId, Instant at, String stage, String cluster, String check, String outcome,
			String description) implements ReleaseEvent {

		public static final String KIND = "check.failed";

		/** The outcome of a failure that pauses the release. */
		public static final String PAUSES = "the release pauses";

		public boolean pauses() {
			return PAUSES.equals(this.outcome);
		}

		@Override
		public String kind() {
			return KIND;
		}

		@Override
		public String describe() {
			return "check %s failed on %s in stage %s: %s; %s".formatted(this.check, this.cluster, this.stage,
					this.description, this.outcome);
		}

	}

	/**
	 * The release stopped before a wave because its stage's windows are closed or a
	 * freeze holds it.
	 *
	 * @param why in words: "outside its windows: next window opens Tue 09:00
	 * Europe/Berlin", "frozen: incident 123 (by alice), until ended by hand"
	 * @param until when a timer restarts it, or null when only a freeze's end will
	 */
	record WindowWaiting(String releaseId, Instant at, String stage, String why,
			Instant until) implements ReleaseEvent {

		public static final String KIND = "window.waiting";

		@Override
		public String kind() {
			return KIND;
		}

		@Override
		public String describe() {
			return "stage %s waits: %s".formatted(this.stage, this.why);
		}

	}

	/**
	 * An admin started the release through a freeze: freezes do not hold it.
	 */
	record BreakGlassStarted(String releaseId, Instant at, String by, String reason) implements ReleaseEvent {

		public static final String KIND = "release.break-glass";

		@Override
		public String kind() {
			return KIND;
		}

		@Override
		public String describe() {
			return "BREAK GLASS: %s started release %s through any freeze: %s".formatted(this.by, this.releaseId,
					this.reason);
		}

	}

	/**
	 * A failed execution will be restarted by a timer, as the plan's {@code restart}
	 * policy says.
	 *
	 * @param attempt which automatic restart this is, from 1
	 * @param of how many the policy allows
	 * @param failure why the execution failed
	 */
	record RestartScheduled(String releaseId, Instant at, int attempt, int of, Duration after,
			String failure) implements ReleaseEvent {

		public static final String KIND = "release.restart-scheduled";

		@Override
		public String kind() {
			return KIND;
		}

		@Override
		public String describe() {
			return "automatic restart %d of %d in %s after: %s".formatted(this.attempt, this.of,
					Durations.format(this.after), this.failure);
		}

	}

	/**
	 * A failed execution after the policy's last automatic restart: the release stays
	 * FAILED until a person resumes or restarts it.
	 */
	record RestartsExhausted(String releaseId, Instant at, int attempts, String failure) implements ReleaseEvent {

		public static final String KIND = "release.restarts-exhausted";

		@Override
		public String kind() {
			return KIND;
		}

		@Override
		public String describe() {
			return "failed again after %d automatic restarts, the plan's last; it stays FAILED until resumed or restarted by hand: %s"
				.formatted(this.attempts, this.failure);
		}

	}

	record ReleaseEnded(String releaseId, Instant at, ReleaseState state,
			List<StageProgress> stages) implements ReleaseEvent {

		public static final String KIND = "release.ended";

		@Override
		public String kind() {
			return KIND;
		}

		@Override
		public String describe() {
			int upgraded = this.stages.stream().mapToInt(StageProgress::upgraded).sum();
			int current = this.stages.stream().mapToInt(StageProgress::alreadyCurrent).sum();
			int failed = this.stages.stream().mapToInt(StageProgress::failed).sum();
			int newer = this.stages.stream().mapToInt(StageProgress::skippedNewer).sum();
			int claimed = this.stages.stream().mapToInt(StageProgress::skippedClaimed).sum();
			return "release %s: %d upgraded, %d already current, %s%s%d failed".formatted(this.state, upgraded, current,
					(newer > 0) ? newer + " skipped as newer, " : "",
					(claimed > 0) ? claimed + " skipped as held by other releases, " : "", failed);
		}

	}

}
