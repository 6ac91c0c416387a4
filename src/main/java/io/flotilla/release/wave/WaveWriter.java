package io.flotilla.release.wave;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import io.flotilla.control.Gate;
import io.flotilla.control.ReleaseState;
import io.flotilla.fleet.ClusterRef;
import io.flotilla.fleet.Fleet;
import io.flotilla.fleet.Outcome;
import io.flotilla.fleet.UpgradeResult;
import io.flotilla.health.HealthChecks;
import io.flotilla.health.Subject;
import io.flotilla.health.Verdict;
import io.flotilla.plan.check.Check;
import io.flotilla.release.PlannedCluster;
import io.flotilla.release.ReleaseEvent.BudgetBreached;
import io.flotilla.release.ReleaseEvent.CheckFailed;
import io.flotilla.release.ReleaseEvent.ClusterDowngraded;
import io.flotilla.release.ReleaseEvent.ClusterFailed;
import io.flotilla.release.ReleaseEvent.GateWaiting;
import io.flotilla.release.ReleaseEvent.WaveDone;
import io.flotilla.release.store.ClusterTable;
import io.flotilla.release.store.ReleaseEventLog;
import io.flotilla.release.store.ReleaseTable;
import io.flotilla.release.store.StageRecord;
import io.flotilla.release.store.StageTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

/**
 * Upgrades a wave with bounded parallelism and records every cluster's outcome in the
 * chunk's transaction. A failed cluster is an outcome, not an exception: the wave
 * commits. Slots the wave's last clusters leave free take clusters of the next wave
 * ({@link ClusterSlots}), recorded with that wave. No cluster starts once the release was
 * asked to stop (its clusters in flight finish and are recorded, the others stay pending
 * for the next run), and a stage whose failures exceed its budget, or whose first wave
 * needs a look, stops the release after this wave. A stage with health checks runs them
 * on each cluster before its patch: a cluster failing them already is left as it was, so
 * that a cluster broken before is never blamed on the new version.
 */
class WaveWriter implements ItemWriter<Wave> {

	private static final Logger logger = LoggerFactory.getLogger(WaveWriter.class);

	private final Rollout rollout;

	private final ReleaseTable releases;

	private final StageTable stages;

	private final ClusterTable clusters;

	private final ReleaseEventLog events;

	private final Fleet fleet;

	private final ShutdownSignal shutdown;

	private final InFlightClusters inFlight;

	private final Clock clock;

	private final HealthChecks health;

	/**
	 * When this execution began each cluster's upgrade, until its outcome is recorded.
	 */
	private final Map<String, Instant> startedAt = new ConcurrentHashMap<>();

	/** The check each cluster left as it was failed, until its outcome is recorded. */
	private final Map<String, Verdict> failedBeforePatch = new ConcurrentHashMap<>();

	WaveWriter(Rollout rollout, ReleaseTable releases, StageTable stages, ClusterTable clusters, ReleaseEventLog events,
			Fleet fleet, ShutdownSignal shutdown, InFlightClusters inFlight, Clock clock, HealthChecks health) {
		this.health = health;
		this.inFlight = inFlight;
		this.rollout = rollout;
		this.releases = releases;
		this.stages = stages;
		this.clusters = clusters;
		this.events = events;
		this.fleet = fleet;
		this.shutdown = shutdown;
		this.clock = clock;
	}

	@Override
	public void write(Chunk<? extends Wave> chunk) throws InterruptedException {
		for (Wave wave : chunk) {
			ClusterSlots slots = this.rollout.slots().of(wave.group());
			List<UpgradeResult> done = recordAll(wave.clusters(), upgrade(wave, slots));
			this.events.record(new WaveDone(releaseId(), this.clock.instant(), wave.stage(), wave.group(),
					wave.number(), count(done, Outcome.UPGRADED), count(done, Outcome.ALREADY_CURRENT),
					count(done, Outcome.SKIPPED_NEWER), count(done, Outcome.FAILED)));
			stopIfOverBudget();
			stopForALookAtTheFirstWave(wave);
			if (stopping()) {
				// stop with nothing in flight and every change recorded
				List<PlannedCluster> ahead = slots.startedAhead();
				recordAll(ahead, await(ahead.stream().map((row) -> slots.start(row, () -> null)).toList()));
			}
		}
	}

	/**
	 * Starts the wave's clusters, then queues the next wave's behind them, and waits for
	 * the wave's own.
	 * @return each cluster's result, or null for a cluster not started because the
	 * release was asked to stop
	 */
	private List<UpgradeResult> upgrade(Wave wave, ClusterSlots slots) throws InterruptedException {
		slots.beginWave();
		List<Future<UpgradeResult>> pending = new ArrayList<>();
		for (PlannedCluster row : wave.clusters()) {
			pending.add(slots.start(row,
					() -> this.releases.mayStartClusters(releaseId()) ? upgrade(row, !wave.resumed()) : null));
		}
		if (mayRunAhead(wave)) {
			for (PlannedCluster next : this.clusters.waveAfter(releaseId(), this.rollout.stageName(), wave.group(),
					wave.number())) {
				slots.startAhead(next,
						() -> (!this.shutdown.isServerStopping() && this.releases.mayStartClusters(releaseId()))
								? upgrade(next, true) : null);
			}
		}
		return await(pending);
	}

	/**
	 * @param checkFirst whether the cluster's checks judge it before its patch: not for a
	 * cluster of a resumed wave, which a dead execution patched already
	 */
	private UpgradeResult upgrade(PlannedCluster row, boolean checkFirst) throws InterruptedException {
		this.inFlight.begin(releaseId(), this.rollout.stageName(), row.group());
		try {
			if (checkFirst) {
				Optional<Verdict> failed = failingBeforePatch(row.cluster());
				if (failed.isPresent()) {
					this.failedBeforePatch.put(row.cluster().key(), failed.get());
					return UpgradeResult.skippedUnhealthy(row.cluster().version(), "failed check "
							+ failed.get().check() + " before its patch: " + failed.get().description());
				}
			}
			this.startedAt.putIfAbsent(row.cluster().key(), this.clock.instant());
			return this.fleet.upgrade(row.cluster(), this.rollout.request(), row.pendingSince());
		}
		finally {
			this.inFlight.end(releaseId(), this.rollout.stageName(), row.group());
		}
	}

	private Optional<Verdict> failingBeforePatch(ClusterRef cluster) throws InterruptedException {
		List<Check> checks = this.rollout.stage().checks();
		if (checks.isEmpty()) {
			return Optional.empty();
		}
		Subject subject = this.health.beforePatch(cluster, this.rollout.request().target(), this.rollout.stageName(),
				this.clock.instant());
		return this.health.check(checks, subject).stream().filter((verdict) -> !verdict.passed()).findFirst();
	}

	/**
	 * Not past a first wave that waits for a look, nor once the release is stopping, nor
	 * from a resumed wave, whose own other clusters come next, nor once the stage's
	 * windows have closed: the next wave waits for them to open.
	 */
	private boolean mayRunAhead(Wave wave) {
		return !wave.resumed() && !waitsForALook(wave) && !stopping()
				&& this.rollout.stage().windows().isOpen(this.clock.instant());
	}

	private boolean waitsForALook(Wave wave) {
		return !wave.resumed() && wave.number() == 1 && this.rollout.stage().pauseAfterFirstWave()
				&& !this.releases.approved(releaseId(), Gate.FIRST_WAVE, this.rollout.stageName());
	}

	private boolean stopping() {
		return CurrentStep.execution().isTerminateOnly() || this.shutdown.isServerStopping()
				|| !this.releases.mayStartClusters(releaseId());
	}

	private static List<UpgradeResult> await(List<Future<UpgradeResult>> pending) throws InterruptedException {
		List<UpgradeResult> results = new ArrayList<>();
		for (Future<UpgradeResult> result : pending) {
			try {
				results.add(result.get());
			}
			catch (ExecutionException ex) {
				throw new IllegalStateException("Upgrading a cluster failed unexpectedly", ex.getCause());
			}
		}
		return results;
	}

	/**
	 * @return the results recorded, leaving out the clusters that were not started
	 */
	private List<UpgradeResult> recordAll(List<PlannedCluster> rows, List<UpgradeResult> results) {
		List<UpgradeResult> done = new ArrayList<>();
		for (int i = 0; i < results.size(); i++) {
			if (results.get(i) != null && record(rows.get(i).cluster(), results.get(i))) {
				done.add(results.get(i));
			}
		}
		return done;
	}

	private boolean record(ClusterRef cluster, UpgradeResult result) {
		if (!this.clusters.recordOutcome(releaseId(), cluster, result, this.startedAt.remove(cluster.key()))) {
			logger.warn("release={} stage={} cluster={} has an outcome already; {} not recorded", releaseId(),
					this.rollout.stageName(), cluster.key(), result.outcome());
			return false;
		}
		if (result.outcome() == Outcome.FAILED) {
			this.events.record(new ClusterFailed(releaseId(), this.clock.instant(), this.rollout.stageName(),
					cluster.key(), result.reason()));
		}
		else if (result.outcome() == Outcome.UPGRADED
				&& this.rollout.request().version().isNewerThanTarget(result.fromVersion())) {
			this.events.record(new ClusterDowngraded(releaseId(), this.clock.instant(), this.rollout.stageName(),
					cluster.key(), result.fromVersion(), this.rollout.request().version().target()));
		}
		else if (result.outcome() == Outcome.SKIPPED_UNHEALTHY) {
			Verdict failed = this.failedBeforePatch.remove(cluster.key());
			this.events.record(new CheckFailed(releaseId(), this.clock.instant(), this.rollout.stageName(),
					cluster.key(), failed.check(), "left as it was, not upgraded", failed.description()));
		}
		else if (result.outcome() == Outcome.SKIPPED_NEWER) {
			logger.info("release={} stage={} cluster={} SKIPPED_NEWER: {}", releaseId(), this.rollout.stageName(),
					cluster.key(), result.reason());
		}
		else {
			logger.info("release={} stage={} cluster={} {} {} -> {}", releaseId(), this.rollout.stageName(),
					cluster.key(), result.outcome(), cluster.version(), this.rollout.request().version().target());
		}
		return true;
	}

	private void stopIfOverBudget() {
		StageRecord record = this.stages.stage(releaseId(), this.rollout.stageName());
		if (!record.overBudget(this.rollout.stage())) {
			return;
		}
		BudgetBreached breach = new BudgetBreached(releaseId(), this.clock.instant(), this.rollout.stageName(),
				record.unacceptedFailures(), record.budget(this.rollout.stage()),
				this.clusters.failures(releaseId())
					.stream()
					.filter((failure) -> failure.stage().equals(this.rollout.stageName()))
					.toList());
		if (this.releases.changeState(releaseId(), ReleaseState.ADVANCING, ReleaseState.BUDGET_EXCEEDED,
				breach.describe())) {
			this.events.record(breach);
		}
		CurrentStep.stopAfterThisWave();
	}

	private void stopForALookAtTheFirstWave(Wave wave) {
		if (!waitsForALook(wave)) {
			return;
		}
		String waitingFor = "a look at the first wave of stage " + this.rollout.stageName();
		if (this.releases.awaitApproval(releaseId(), Gate.FIRST_WAVE, this.rollout.stageName(),
				"waiting for " + waitingFor)) {
			this.events
				.record(new GateWaiting(releaseId(), this.clock.instant(), this.rollout.stageName(), waitingFor));
		}
		CurrentStep.stopAfterThisWave();
	}

	private String releaseId() {
		return this.rollout.releaseId();
	}

	private static int count(List<UpgradeResult> results, Outcome outcome) {
		return (int) results.stream().filter((result) -> result.outcome() == outcome).count();
	}

}
