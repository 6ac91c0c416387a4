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
import io.flotilla.fleet.FleetException;
import io.flotilla.plan.Plan;
import io.flotilla.plan.PlanException;
import io.flotilla.plan.PlanLoader;
import io.flotilla.release.ReleaseException.Reason;
import io.flotilla.schedule.ReleaseResumer;
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

	private final PlanLoader planLoader = new PlanLoader();

	ReleaseService(ReleaseStore store, WavePlanner planner, ReleaseLauncher launcher, TransactionTemplate transaction,
			Clock clock) {
		this.store = store;
		this.planner = planner;
		this.launcher = launcher;
		this.transaction = transaction;
		this.clock = clock;
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
				ReleaseState.STARTING, null, startedBy, now, now);
		this.transaction.executeWithoutResult((status) -> this.store.insert(release, snapshot));
		logger.info("release={} recorded: plan {} to {}, {} clusters in {} stages, started by {}", id, plan.name(),
				plan.targetVersion(), snapshot.clusters().size(), plan.stages().size(), startedBy);
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
	 * Resumes a paused or failed release from its last committed wave. Failures that
	 * breached a stage's budget are accepted, so the stage goes on.
	 * @throws ReleaseException when the release is unknown or in a state that cannot be
	 * resumed
	 */
	public ReleaseStatus resume(String id, String by) {
		ReleaseRecord release = find(id);
		if (release.state() != ReleaseState.PAUSED && release.state() != ReleaseState.FAILED) {
			throw new ReleaseException(Reason.CONFLICT, "release " + id + " is " + release.state()
					+ " and cannot be resumed; only PAUSED or FAILED releases can");
		}
		this.store.acceptFailures(id);
		logger.info("release={} resumed by {} (was {}: {})", id, by, release.state(), release.stateReason());
		this.launcher.restart(id);
		return status(id);
	}

	/**
	 * Applies an engineer's signal, with the same meaning from every channel, and records
	 * it in the audit log.
	 * @param id the release
	 * @param signal what to do
	 * @param by who sends it
	 * @param reason why, or null
	 * @return the release's status after the signal
	 * @throws ReleaseException NOT_FOUND for an unknown release, CONFLICT when the signal
	 * makes no sense in the release's state (nothing is changed then)
	 */
	public ReleaseStatus signal(String id, Signal signal, String by, String reason) {
		throw new UnsupportedOperationException("signals are not implemented yet");
	}

	@Override
	public void resumeWhenDue(String releaseId) {
		this.launcher.restart(releaseId);
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
