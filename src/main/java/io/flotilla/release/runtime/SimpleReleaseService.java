package io.flotilla.release.runtime;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.flotilla.account.Actor;
import io.flotilla.account.Role;
import io.flotilla.control.ReleaseState;
import io.flotilla.control.Signal;
import io.flotilla.control.SignalRules;
import io.flotilla.fleet.FleetException;
import io.flotilla.plan.Plan;
import io.flotilla.plan.Stage;
import io.flotilla.release.Claim;
import io.flotilla.release.ClusterFailure;
import io.flotilla.release.ClusterPage;
import io.flotilla.release.EventRecord;
import io.flotilla.release.FleetSnapshot;
import io.flotilla.release.PlanPreview;
import io.flotilla.release.ReleaseEvent.BreakGlassStarted;
import io.flotilla.release.ReleaseEvent.ReleaseStarted;
import io.flotilla.release.ReleaseException;
import io.flotilla.release.ReleaseException.Reason;
import io.flotilla.release.ReleaseIds;
import io.flotilla.release.ReleaseService;
import io.flotilla.release.ReleaseStatus;
import io.flotilla.release.StageProgress;
import io.flotilla.release.WavePlanner;
import io.flotilla.release.store.ClusterTable;
import io.flotilla.release.store.ReleaseEventLog;
import io.flotilla.release.store.ReleaseRecord;
import io.flotilla.release.store.ReleaseTable;
import io.flotilla.release.store.StageTable;
import io.flotilla.release.wave.InFlightClusters;
import io.flotilla.timer.ReleaseResumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.transaction.support.TransactionTemplate;

/**
 * The release service of a running server: it records releases in the release tables and
 * hands their jobs to the {@link ReleaseLauncher}; signals go to {@link ReleaseSignals}.
 */
class SimpleReleaseService implements ReleaseService, ReleaseResumer {

	private static final Logger logger = LoggerFactory.getLogger(SimpleReleaseService.class);

	private final ReleaseTable releases;

	private final StageTable stages;

	private final ClusterTable clusters;

	private final ReleaseEventLog events;

	private final StartClaims claims;

	private final WavePlanner planner;

	private final ReleaseLauncher launcher;

	private final ReleaseSignals signals;

	private final InFlightClusters inFlight;

	private final Supplier<Set<String>> knownGroups;

	private final TransactionTemplate transaction;

	private final Clock clock;

	/**
	 * Where the steps a plan names are read, to be copied into the release's snapshot.
	 */
	private final Path steps;

	SimpleReleaseService(ReleaseTable releases, StageTable stages, ClusterTable clusters, ReleaseEventLog events,
			StartClaims claims, WavePlanner planner, ReleaseLauncher launcher, ReleaseSignals signals,
			InFlightClusters inFlight, Supplier<Set<String>> knownGroups, TransactionTemplate transaction, Clock clock,
			Path steps) {
		this.steps = steps;
		this.inFlight = inFlight;
		this.knownGroups = knownGroups;
		this.releases = releases;
		this.stages = stages;
		this.clusters = clusters;
		this.events = events;
		this.claims = claims;
		this.planner = planner;
		this.launcher = launcher;
		this.signals = signals;
		this.transaction = transaction;
		this.clock = clock;
	}

	@Override
	public ReleaseStatus start(String planFile, String planText, String requestedId, Actor by,
			String breakGlassReason) {
		if (!by.may(Role.OPERATOR)) {
			throw new ReleaseException(Reason.FORBIDDEN,
					by.name() + " is " + by.role().word() + "; only an operator or admin may start a release");
		}
		checkBreakGlass(by, breakGlassReason);
		String startedBy = by.name();
		FieldLimits.check("planFile", planFile, FieldLimits.PLAN_FILE);
		FieldLimits.check("startedBy", startedBy, FieldLimits.NAME);
		String snapshotText = Plans.withSteps(planFile, planText, this.steps);
		Plan plan = Plans.load(planFile, snapshotText, this.knownGroups.get());
		FieldLimits.checkPlan(planFile, plan);
		Instant now = this.clock.instant();
		String id = (requestedId != null) ? requestedId : ReleaseIds.derive(plan.name(), now);
		FieldLimits.checkId(id);
		if (this.releases.exists(id)) {
			throw new ReleaseException(Reason.CONFLICT, "release id '" + id + "' is already in use");
		}
		FleetSnapshot snapshot = snapshot(plan);
		ReleaseRecord release = new ReleaseRecord(id, plan.name(), planFile, snapshotText, plan.targetVersion(),
				ReleaseState.STARTING, null, startedBy, now, now, null, null, null);
		this.transaction.executeWithoutResult((status) -> {
			this.releases.insert(release);
			this.stages.insert(id, snapshot);
			this.clusters.insert(release, snapshot.clusters());
			this.events.record(new ReleaseStarted(id, now, plan.name(), planFile, plan.targetVersion(),
					plan.stages().stream().map(Stage::name).toList(), snapshot.clusters().size(), startedBy));
			this.claims.take(id, plan, snapshot.clusters().size());
			if (breakGlassReason != null) {
				this.releases.markBreakGlass(id);
				this.events.record(new BreakGlassStarted(id, now, startedBy, breakGlassReason));
			}
		});
		if (breakGlassReason != null) {
			logger.warn("release={} BREAK GLASS by {}: runs through any freeze: {}", id, startedBy, breakGlassReason);
		}
		this.launcher.start(id);
		return status(id);
	}

	private static void checkBreakGlass(Actor by, String reason) {
		if (reason == null) {
			return;
		}
		if (!by.may(Role.ADMIN)) {
			throw new ReleaseException(Reason.FORBIDDEN,
					by.name() + " is " + by.role().word() + "; only an admin may start a release with break-glass");
		}
		if (reason.isBlank()) {
			throw new ReleaseException(Reason.INVALID,
					"a break-glass start needs a reason: say why the release must run through freezes");
		}
		FieldLimits.check("reason", reason, FieldLimits.REASON);
	}

	@Override
	public PlanPreview preview(String planFile, String planText) {
		FieldLimits.check("planFile", planFile, FieldLimits.PLAN_FILE);
		Plan plan = Plans.load(planFile, Plans.withSteps(planFile, planText, this.steps), this.knownGroups.get());
		return PlanPreview.of(snapshot(plan), Optional.of(this.claims.list(null)), PlanPreview.DEFAULT_WAVE_TIME);
	}

	@Override
	public ReleaseStatus status(String id) {
		ReleaseRecord release = find(id);
		Map<String, List<ClusterFailure>> failures = this.clusters.failures(id)
			.stream()
			.collect(Collectors.groupingBy(ClusterFailure::stage));
		List<StageProgress> progress = progress(id).stream()
			.map((stage) -> stage.withFailures(failures.getOrDefault(stage.name(), List.of())))
			.toList();
		return status(release, progress);
	}

	@Override
	public List<ReleaseStatus> list(Set<ReleaseState> states, String plan) {
		return this.releases.findAll(states, plan).stream().map(this::summary).toList();
	}

	@Override
	public ClusterPage clusters(String releaseId, ClusterPage.Query query) {
		find(releaseId);
		return this.clusters.page(releaseId, query);
	}

	private List<StageProgress> progress(String releaseId) {
		return this.stages.progress(releaseId)
			.stream()
			.map((stage) -> stage.withInFlight(this.inFlight.count(releaseId, stage.name())))
			.toList();
	}

	@Override
	public ReleaseStatus signal(String id, Signal signal, Actor by, String reason) {
		this.signals.apply(id, signal, by, reason);
		return status(id);
	}

	@Override
	public List<ReleaseStatus> pauseAll(Actor by, String reason) {
		if (reason == null || reason.isBlank()) {
			throw new ReleaseException(Reason.INVALID, "pausing every release needs a reason");
		}
		List<ReleaseStatus> paused = new ArrayList<>();
		for (ReleaseRecord release : this.releases.findAll()) {
			if (SignalRules.next(release.state(), Signal.PAUSE).isEmpty()) {
				continue;
			}
			try {
				paused.add(signal(release.id(), Signal.PAUSE, by, reason));
			}
			catch (ReleaseException ex) {
				if (ex.reason() != Reason.CONFLICT) {
					throw ex;
				}
				// it ended or was paused between the list and its lock: nothing to pause
			}
		}
		return paused;
	}

	@Override
	public List<Claim> claims(String releaseId) {
		if (releaseId != null) {
			find(releaseId);
		}
		return this.claims.list(releaseId);
	}

	@Override
	public List<EventRecord> events(String id) {
		find(id);
		return this.events.events(id);
	}

	/**
	 * A failed release whose plan's restart policy set this timer is restarted from its
	 * last committed wave, as a resume would; one a person resumed or cancelled meanwhile
	 * is left alone.
	 */
	@Override
	public void restartAfterFailure(String releaseId) {
		if (this.releases.changeState(releaseId, Set.of(ReleaseState.FAILED), ReleaseState.RUNNING, null)) {
			logger.info("release={} restarting after its failure, as its plan's restart policy says", releaseId);
			this.launcher.restart(releaseId);
		}
	}

	@Override
	public void resumeWhenDue(String releaseId) {
		if (ReleaseState.TIMED.contains(find(releaseId).state())) {
			this.launcher.restart(releaseId);
		}
	}

	/**
	 * The release's row, its id checked first.
	 * @throws ReleaseException INVALID for an id no release could have, NOT_FOUND for an
	 * unknown one
	 */
	ReleaseRecord find(String id) {
		FieldLimits.checkId(id);
		return this.releases.find(id)
			.orElseThrow(() -> new ReleaseException(Reason.NOT_FOUND, "no release with id '" + id + "'"));
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

	/**
	 * The release's status without the failed clusters' reasons, as a list shows it.
	 */
	ReleaseStatus summary(ReleaseRecord release) {
		return status(release, progress(release.id()));
	}

	private static ReleaseStatus status(ReleaseRecord release, List<StageProgress> stages) {
		return new ReleaseStatus(release.id(), release.planName(), release.planFile(), release.targetVersion(),
				release.state(), release.stateReason(), release.startedBy(), release.createdAt(), release.updatedAt(),
				stages);
	}

}
