package io.flotilla.release.check;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.flotilla.fleet.ClusterRef;
import io.flotilla.health.HealthChecks;
import io.flotilla.health.Subject;
import io.flotilla.health.Verdict;
import io.flotilla.plan.Plan;
import io.flotilla.plan.Stage;
import io.flotilla.plan.check.Check;
import io.flotilla.plan.check.CheckPolicy;
import io.flotilla.plan.check.PrometheusCheck;
import io.flotilla.plan.yaml.PlanLoader;
import io.flotilla.release.store.ClusterTable;
import io.flotilla.release.store.ClusterTable.Watched;
import io.flotilla.release.store.ReleaseEventLog;
import io.flotilla.release.store.ReleaseRecord;
import io.flotilla.release.store.ReleaseTable;
import io.flotilla.release.store.StageTable;
import io.flotilla.timer.ReleaseTimers;
import io.flotilla.timer.ReleaseWatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.transaction.support.TransactionTemplate;

/**
 * One round of a release's health checks, run by its Quartz trigger while a stage rolls,
 * while it soaks or bakes, and for every cluster the release upgraded until it ends: a
 * bake is a stopped execution, so the checks cannot run in it. Each stage's checks judge
 * its upgraded clusters side by side on the checks' own pool, never on a wave's slots. A
 * cluster that passes all of them is recorded as checked at the round's start (a stage's
 * soak ends only once every cluster was passed by a round that began after its soak); one
 * that fails is judged by {@link CheckVerdicts}. An ended release's trigger is removed.
 */
public class ReleaseHealthWatch implements ReleaseWatch {

	private static final Logger logger = LoggerFactory.getLogger(ReleaseHealthWatch.class);

	/** How many clusters not upgraded yet a baseline is measured on. */
	private static final int CONTROLS = 5;

	private final ReleaseTable releases;

	private final ClusterTable clusters;

	private final ReleaseTimers timers;

	private final HealthChecks health;

	private final CheckVerdicts verdicts;

	private final TransactionTemplate transaction;

	private final Clock clock;

	private final PlanLoader planLoader = new PlanLoader();

	public ReleaseHealthWatch(ReleaseTable releases, StageTable stages, ClusterTable clusters, ReleaseEventLog events,
			ReleaseTimers timers, HealthChecks health, TransactionTemplate transaction, Clock clock) {
		this.releases = releases;
		this.clusters = clusters;
		this.timers = timers;
		this.health = health;
		this.transaction = transaction;
		this.clock = clock;
		this.verdicts = new CheckVerdicts(releases, stages, clusters, events, timers, transaction, clock);
	}

	@Override
	public void checkRound(String releaseId) {
		Optional<ReleaseRecord> release = this.releases.find(releaseId);
		if (release.isEmpty() || release.get().state().isTerminal()) {
			this.timers.stopWatching(releaseId);
			return;
		}
		Plan plan = this.planLoader.load(release.get().planFile(), release.get().planText());
		Map<String, Stage> stages = plan.stages().stream().collect(Collectors.toMap(Stage::name, Function.identity()));
		Map<String, List<Watched>> watched = this.clusters.watched(releaseId)
			.stream()
			.filter((cluster) -> !stages.get(cluster.stage()).checks().isEmpty())
			.collect(Collectors.groupingBy(Watched::stage));
		if (watched.isEmpty()) {
			return;
		}
		Instant started = this.clock.instant();
		List<ClusterRef> controls = needsControls(plan) ? this.clusters.controls(releaseId, CONTROLS) : List.of();
		try {
			for (Map.Entry<String, List<Watched>> stage : watched.entrySet()) {
				judge(releaseId, plan, stages.get(stage.getKey()), stage.getValue(), controls, started);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			logger.info("release={} health-check round interrupted; the next round runs the checks again", releaseId);
		}
	}

	private void judge(String releaseId, Plan plan, Stage stage, List<Watched> watched, List<ClusterRef> controls,
			Instant started) throws InterruptedException {
		List<Subject> subjects = watched.stream()
			.map((cluster) -> Subject.afterPatch(cluster.cluster(), plan.target(), stage.name(), cluster.since(),
					controls))
			.toList();
		List<List<Verdict>> verdicts = this.health.checkEach(stage.checks(), subjects);
		List<ClusterRef> passed = new ArrayList<>();
		for (int i = 0; i < watched.size(); i++) {
			Optional<Verdict> failed = worstFailure(stage.checks(), verdicts.get(i));
			if (failed.isEmpty()) {
				passed.add(watched.get(i).cluster());
			}
			else {
				this.verdicts.record(releaseId, stage, watched.get(i), failed.get(),
						policyOf(stage.checks(), failed.get()));
			}
		}
		this.transaction.executeWithoutResult((status) -> this.clusters.checked(releaseId, passed, started));
	}

	/**
	 * The failed verdict whose check's policy goes furthest: a pause before a failure
	 * before a record.
	 */
	private static Optional<Verdict> worstFailure(List<Check> checks, List<Verdict> verdicts) {
		return verdicts.stream()
			.filter((verdict) -> !verdict.passed())
			.min(Comparator.comparing((Verdict verdict) -> policyOf(checks, verdict)));
	}

	private static CheckPolicy policyOf(List<Check> checks, Verdict verdict) {
		return checks.stream()
			.filter((check) -> check.name().equals(verdict.check()))
			.findFirst()
			.map(Check::onFailure)
			.orElse(CheckPolicy.PAUSE);
	}

	private static boolean needsControls(Plan plan) {
		return plan.stages()
			.stream()
			.flatMap((stage) -> stage.checks().stream())
			.anyMatch((check) -> check instanceof PrometheusCheck prometheus
					&& prometheus.comparison() instanceof PrometheusCheck.Baseline);
	}

}
