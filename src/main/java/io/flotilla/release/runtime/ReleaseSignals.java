package io.flotilla.release.runtime;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.flotilla.account.Actor;
import io.flotilla.account.Role;
import io.flotilla.control.Gate;

import io.flotilla.control.ReleaseState;
import io.flotilla.control.Signal;
import io.flotilla.control.SignalRefusedException;
import io.flotilla.control.SignalRules;
import io.flotilla.plan.Plan;
import io.flotilla.plan.Stage;
import io.flotilla.release.ReleaseEvent.SignalApplied;
import io.flotilla.release.ReleaseEvent.SignalRefused;
import io.flotilla.release.ReleaseException;
import io.flotilla.release.ReleaseException.Reason;
import io.flotilla.release.store.ClusterTable;
import io.flotilla.release.store.ReleaseEventLog;
import io.flotilla.release.store.ReleaseRecord;
import io.flotilla.release.store.ReleaseTable;
import io.flotilla.release.store.StageTable;
import io.flotilla.timer.ReleaseTimers;

import org.springframework.transaction.support.TransactionTemplate;

/**
 * Where an engineer's signal is handled, from every channel alike. Under the release's
 * row lock it asks {@link SignalRules} for the next state, does what the signal means
 * (passes a gate, accepts or resets failures, removes a timer), stores the state and
 * records the signal in the audit log, all in one transaction; after the commit it
 * restarts the job (resume, continue, reset) or ends it for good (cancel of a stopped
 * release). A pause or cancel of a running release only changes its state: the job stops
 * itself after the wave in flight.
 */
class ReleaseSignals {

	private final ReleaseTable releases;

	private final StageTable stages;

	private final ClusterTable clusters;

	private final ReleaseEventLog events;

	private final ReleaseTimers timers;

	private final ReleaseLauncher launcher;

	private final TransactionTemplate transaction;

	private final Clock clock;

	ReleaseSignals(ReleaseTable releases, StageTable stages, ClusterTable clusters, ReleaseEventLog events,
			ReleaseTimers timers, ReleaseLauncher launcher, TransactionTemplate transaction, Clock clock) {
		this.releases = releases;
		this.stages = stages;
		this.clusters = clusters;
		this.events = events;
		this.timers = timers;
		this.launcher = launcher;
		this.transaction = transaction;
		this.clock = clock;
	}

	/**
	 * @throws ReleaseException INVALID for an id, a sender or a reason no release row
	 * could hold, NOT_FOUND for an unknown release, FORBIDDEN when the sender is no
	 * operator or not among the approvers of the gate a {@code continue} would pass (the
	 * refusal is recorded, nothing else changes), CONFLICT when the signal makes no sense
	 * in the release's state (nothing is changed then)
	 */
	void apply(String id, Signal signal, Actor by, String reason) {
		FieldLimits.checkId(id);
		FieldLimits.check("by", by.name(), FieldLimits.NAME);
		FieldLimits.check("reason", reason, FieldLimits.REASON);
		Runnable afterCommit = this.transaction.execute((status) -> applyLocked(id, signal, by, reason));
		afterCommit.run();
	}

	private Runnable applyLocked(String id, Signal signal, Actor by, String reason) {
		ReleaseRecord release = this.releases.lock(id)
			.orElseThrow(() -> new ReleaseException(Reason.NOT_FOUND, "no release with id '" + id + "'"));
		ReleaseState before = release.state();
		Optional<String> refusal = refusal(release, signal, by);
		if (refusal.isPresent()) {
			String stage = (release.waitingFor() == Gate.RELEASE) ? null : release.currentStage();
			this.events.record(new SignalRefused(id, this.clock.instant(), stage, signal, by.name(), reason, before,
					refusal.get()));
			return () -> {
				throw new ReleaseException(Reason.FORBIDDEN, refusal.get());
			};
		}
		ReleaseState after = next(release, signal);
		Runnable afterCommit = () -> this.launcher.restart(id);
		switch (signal) {
			case PAUSE, CANCEL -> {
				this.timers.cancel(id);
				afterCommit = (after == ReleaseState.CANCELLED) ? () -> this.launcher.abandon(id) : () -> {
				};
			}
			case RESUME -> acceptBreachedBudgets(release);
			case CONTINUE -> {
				if (before == ReleaseState.AWAITING_APPROVAL) {
					this.releases.approve(release, by.name());
				}
				else {
					acceptBreachedBudgets(release);
				}
			}
			case RESET -> {
				this.clusters.resetFailures(id, release.currentStage());
				this.clusters.recheckUnhealthy(id);
				this.stages.forgetAcceptedFailures(id, release.currentStage());
			}
		}
		this.releases.changeState(id, Set.of(before), after, signalReason(signal, by.name(), reason, after));
		this.events.record(new SignalApplied(id, this.clock.instant(), signal, by.name(), reason, before, after));
		return afterCommit;
	}

	/**
	 * Why the sender may not send this signal now, if they may not: only operators steer
	 * releases, and a gate that names approvers is passed only by a member of one of
	 * their groups, whatever the sender's role.
	 */
	private static Optional<String> refusal(ReleaseRecord release, Signal signal, Actor by) {
		if (!by.may(Role.OPERATOR)) {
			return Optional.of(by.name() + " is " + by.role().word() + "; only an operator or admin may "
					+ signal.word() + " a release");
		}
		if (signal != Signal.CONTINUE || release.state() != ReleaseState.AWAITING_APPROVAL) {
			return Optional.empty();
		}
		List<String> approvers = approvers(release);
		if (approvers.isEmpty() || by.inAnyOf(Set.copyOf(approvers))) {
			return Optional.empty();
		}
		String gate = (release.waitingFor() == Gate.RELEASE) ? "the release's approval"
				: ((release.waitingFor() == Gate.FIRST_WAVE) ? "the look after the first wave of stage "
						: "the approval of stage ") + release.currentStage();
		return Optional
			.of("only members of " + String.join(", ", approvers) + " may pass " + gate + "; " + by.name() + " is not");
	}

	private static List<String> approvers(ReleaseRecord release) {
		Plan plan = Plans.load(release.planFile(), release.planText());
		if (release.waitingFor() == Gate.RELEASE) {
			return plan.approvers();
		}
		return plan.stages()
			.stream()
			.filter((stage) -> stage.name().equals(release.currentStage()))
			.findFirst()
			.map(Stage::approvers)
			.orElse(plan.approvers());
	}

	private static ReleaseState next(ReleaseRecord release, Signal signal) {
		try {
			return SignalRules.apply(release.id(), release.state(), signal);
		}
		catch (SignalRefusedException ex) {
			throw new ReleaseException(Reason.CONFLICT, ex.getMessage());
		}
	}

	/**
	 * Accepts the failures of every stage that is over its budget, so that going on does
	 * not stop again at once; a stage within its budget keeps counting, so a later breach
	 * still stops the release.
	 */
	private void acceptBreachedBudgets(ReleaseRecord release) {
		for (Stage stage : Plans.load(release.planFile(), release.planText()).stages()) {
			if (this.stages.stage(release.id(), stage.name()).overBudget(stage)) {
				this.stages.acceptFailures(release.id(), stage.name());
			}
		}
	}

	private static String signalReason(Signal signal, String by, String reason, ReleaseState after) {
		if (after == ReleaseState.RUNNING) {
			return null;
		}
		String verb = switch (signal) {
			case PAUSE -> "paused";
			case CANCEL -> "cancelled";
			default -> signal.word();
		};
		return verb + " by " + by + ((reason != null && !reason.isBlank()) ? ": " + reason : "");
	}

}
