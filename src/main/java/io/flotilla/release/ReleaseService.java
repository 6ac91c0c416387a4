package io.flotilla.release;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.flotilla.control.ReleaseState;
import io.flotilla.control.Signal;
import io.flotilla.control.SignalRefusedException;
import io.flotilla.control.SignalRules;
import io.flotilla.fleet.FleetException;
import io.flotilla.plan.Plan;
import io.flotilla.plan.Stage;
import io.flotilla.plan.yaml.PlanException;
import io.flotilla.plan.yaml.PlanLoader;
import io.flotilla.release.ReleaseEvent.ReleaseStarted;
import io.flotilla.release.ReleaseEvent.SignalApplied;
import io.flotilla.release.ReleaseException.Reason;
import io.flotilla.schedule.ReleaseResumer;
import io.flotilla.schedule.ReleaseTimers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Starts releases, reports their progress and resumes them. The public face of the
 * release package: the REST API, the CLI and the timers all come through here.
 */
@Service
public class ReleaseService implements ReleaseResumer {

	private static final Logger logger = LoggerFactory.getLogger(ReleaseService.class);

	private static final Pattern RELEASE_ID = Pattern.compile("[a-z0-9]([a-z0-9.-]{0,61}[a-z0-9])?");

	private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
		.withZone(ZoneOffset.UTC);

	private final ReleaseStore store;

	private final WavePlanner planner;

	private final ReleaseLauncher launcher;

	private final TransactionTemplate transaction;

	private final Clock clock;

	private final ReleaseEvents events;

	private final ReleaseTimers timers;

	private final PlanLoader planLoader = new PlanLoader();

	ReleaseService(ReleaseStore store, WavePlanner planner, ReleaseLauncher launcher, TransactionTemplate transaction,
			Clock clock, ReleaseEvents events, ReleaseTimers timers) {
		this.store = store;
		this.planner = planner;
		this.launcher = launcher;
		this.transaction = transaction;
		this.clock = clock;
		this.events = events;
		this.timers = timers;
	}

	/**
	 * Records a release of a plan, one row per cluster it reaches, and starts its job.
	 * @param planFile the file name, for messages and the default plan name
	 * @param planText the plan's text, snapshotted with the release
	 * @param requestedId the release id, or null for one made of the plan name and the
	 * time
	 * @param startedBy who starts it
	 * @throws ReleaseException when the plan is invalid, matches no cluster, or the id is
	 * taken
	 */
	public ReleaseStatus start(String planFile, String planText, String requestedId, String startedBy) {
		Plan plan = load(planFile, planText);
		Instant now = this.clock.instant();
		String id = (requestedId != null) ? requestedId : plan.name() + "-" + ID_TIME.format(now);
		if (!RELEASE_ID.matcher(id).matches()) {
			throw new ReleaseException(Reason.INVALID, "release id '" + id
					+ "' is not valid: use 1 to 63 lower-case letters, digits, '-' and '.', starting and ending with a letter or digit");
		}
		if (this.store.exists(id)) {
			throw new ReleaseException(Reason.CONFLICT, "release id '" + id + "' is already in use");
		}
		FleetSnapshot snapshot = snapshot(plan);
		ReleaseRecord release = new ReleaseRecord(id, plan.name(), planFile, planText, plan.targetVersion(),
				ReleaseState.STARTING, null, startedBy, now, now, null, null, null);
		this.transaction.executeWithoutResult((status) -> {
			this.store.insert(release, snapshot);
			this.events.record(new ReleaseStarted(id, now, plan.name(), planFile, plan.targetVersion(),
					plan.stages().stream().map(Stage::name).toList(), snapshot.clusters().size(), startedBy));
		});
		this.launcher.start(id);
		return status(id);
	}

	public ReleaseStatus status(String id) {
		ReleaseRecord release = find(id);
		Map<String, List<ClusterFailure>> failures = this.store.failures(id)
			.stream()
			.collect(Collectors.groupingBy(ClusterFailure::stage));
		List<StageProgress> stages = this.store.progress(id)
			.stream()
			.map((stage) -> stage.withFailures(failures.getOrDefault(stage.name(), List.of())))
			.toList();
		return ReleaseStatus.of(release, stages);
	}

	public List<ReleaseStatus> list() {
		return this.store.findAll()
			.stream()
			.map((release) -> ReleaseStatus.of(release, this.store.progress(release.id())))
			.toList();
	}

	/**
	 * Resumes a paused, failed or budget-stopped release from its last committed wave;
	 * the failures that breached a budget are accepted. The same as {@link #signal
	 * signal(id, RESUME, by, null)}.
	 */
	public ReleaseStatus resume(String id, String by) {
		return signal(id, Signal.RESUME, by, null);
	}

	/**
	 * Applies an engineer's signal, with the same meaning from every channel, and records
	 * it in the audit log. Signals to one release are applied one at a time under a row
	 * lock, so two engineers clicking at once leave one consistent outcome: the second
	 * signal sees the state the first one left.
	 * @param id the release
	 * @param signal what to do
	 * @param by who sends it
	 * @param reason why, or null
	 * @return the release's status after the signal
	 * @throws ReleaseException NOT_FOUND for an unknown release, CONFLICT when the signal
	 * makes no sense in the release's state (nothing is changed then)
	 */
	public ReleaseStatus signal(String id, Signal signal, String by, String reason) {
		Runnable afterCommit = this.transaction.execute((status) -> apply(id, signal, by, reason));
		afterCommit.run();
		return status(id);
	}

	/**
	 * The release's event log, oldest first: every signal with who, when, why and the
	 * states before and after, and everything the release reported.
	 */
	public List<EventRecord> events(String id) {
		find(id);
		return this.store.events(id);
	}

	private Runnable apply(String id, Signal signal, String by, String reason) {
		ReleaseRecord release = this.store.lock(id)
			.orElseThrow(() -> new ReleaseException(Reason.NOT_FOUND, "no release with id '" + id + "'"));
		ReleaseState before = release.state();
		ReleaseState after;
		try {
			after = SignalRules.apply(id, before, signal);
		}
		catch (SignalRefusedException ex) {
			throw new ReleaseException(Reason.CONFLICT, ex.getMessage());
		}
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
					this.store.approve(release, by);
				}
				else {
					acceptBreachedBudgets(release);
				}
			}
			case RESET -> this.store.resetFailures(id, release.currentStage());
		}
		this.store.updateState(id, after, signalReason(signal, by, reason, after));
		this.events.record(new SignalApplied(id, this.clock.instant(), signal, by, reason, before, after));
		return afterCommit;
	}

	/**
	 * Accepts the failures of every stage that is over its budget, so that going on does
	 * not stop again at once; a stage within its budget keeps counting, so a later breach
	 * still stops the release.
	 */
	private void acceptBreachedBudgets(ReleaseRecord release) {
		for (Stage stage : load(release.planFile(), release.planText()).stages()) {
			if (this.store.stage(release.id(), stage.name()).overBudget(stage)) {
				this.store.acceptFailures(release.id(), stage.name());
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

	@Override
	public void resumeWhenDue(String releaseId) {
		if (find(releaseId).state() == ReleaseState.BAKING) {
			this.launcher.restart(releaseId);
		}
	}

	private ReleaseRecord find(String id) {
		return this.store.find(id)
			.orElseThrow(() -> new ReleaseException(Reason.NOT_FOUND, "no release with id '" + id + "'"));
	}

	private Plan load(String planFile, String planText) {
		try {
			return this.planLoader.load(planFile, planText);
		}
		catch (PlanException ex) {
			throw new ReleaseException(Reason.INVALID, ex.getMessage());
		}
	}

	private FleetSnapshot snapshot(Plan plan) {
		try {
			return this.planner.snapshot(plan);
		}
		catch (IllegalArgumentException ex) {
			throw new ReleaseException(Reason.INVALID, ex.getMessage());
		}
		catch (FleetException ex) {
			throw new ReleaseException(Reason.UNAVAILABLE, "cannot list the fleet: " + ex.getMessage());
		}
	}

}
