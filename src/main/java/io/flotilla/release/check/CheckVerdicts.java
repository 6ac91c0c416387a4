package io.flotilla.release.check;

import java.time.Clock;
import java.util.Optional;
import java.util.Set;

import io.flotilla.control.ClusterState;
import io.flotilla.control.ReleaseState;
import io.flotilla.control.Signal;
import io.flotilla.control.SignalRules;
import io.flotilla.health.Verdict;
import io.flotilla.plan.Stage;
import io.flotilla.plan.check.CheckPolicy;
import io.flotilla.release.ReleaseEvent.CheckFailed;
import io.flotilla.release.store.ClusterTable.Watched;
import io.flotilla.release.store.ClusterTable;
import io.flotilla.release.store.ReleaseEventLog;
import io.flotilla.release.store.ReleaseRecord;
import io.flotilla.release.store.ReleaseTable;
import io.flotilla.release.store.StageTable;
import io.flotilla.timer.ReleaseTimers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.transaction.support.TransactionTemplate;

/**
 * Records a failed check of an upgraded cluster, in one transaction under the release's
 * row lock: the cluster's verdict, the {@code check.failed} event, and what the policy
 * makes of it. {@code pause} pauses the release as a pause signal would (a running
 * release stops after the clusters in flight, a bake's timer is removed) and names the
 * check, the value and the threshold; {@code fail} fails the cluster against its stage's
 * budget, and pauses the release the same way once the stage is over it; {@code record}
 * changes nothing else. Safe to repeat after a crash: a verdict that committed leaves the
 * cluster no longer upgraded, so it is not judged twice, and one that did not is reached
 * again by the next round.
 */
class CheckVerdicts {

	private static final Logger logger = LoggerFactory.getLogger(CheckVerdicts.class);

	private final ReleaseTable releases;

	private final StageTable stages;

	private final ClusterTable clusters;

	private final ReleaseEventLog events;

	private final ReleaseTimers timers;

	private final TransactionTemplate transaction;

	private final Clock clock;

	CheckVerdicts(ReleaseTable releases, StageTable stages, ClusterTable clusters, ReleaseEventLog events,
			ReleaseTimers timers, TransactionTemplate transaction, Clock clock) {
		this.releases = releases;
		this.stages = stages;
		this.clusters = clusters;
		this.events = events;
		this.timers = timers;
		this.transaction = transaction;
		this.clock = clock;
	}

	void record(String releaseId, Stage stage, Watched cluster, Verdict failed, CheckPolicy policy) {
		this.transaction.executeWithoutResult((status) -> recordLocked(releaseId, stage, cluster, failed, policy));
	}

	private void recordLocked(String releaseId, Stage stage, Watched cluster, Verdict failed, CheckPolicy policy) {
		Optional<ReleaseRecord> release = this.releases.lock(releaseId);
		if (release.isEmpty() || release.get().state().isTerminal()) {
			return;
		}
		ClusterState verdict = (policy == CheckPolicy.FAIL) ? ClusterState.FAILED : ClusterState.UNHEALTHY;
		String key = cluster.cluster().key();
		String reason = "check " + failed.check() + " failed: " + failed.description();
		if (!this.clusters.judge(releaseId, cluster.cluster(), verdict, reason)) {
			return;
		}
		String outcome = switch (policy) {
			case PAUSE -> CheckFailed.PAUSES;
			case FAIL -> "the cluster fails and counts against the failure budget of stage " + stage.name();
			case RECORD -> "recorded; the release goes on";
		};
		this.events.record(new CheckFailed(releaseId, this.clock.instant(), stage.name(), key, failed.check(), outcome,
				failed.description()));
		logger.warn("release={} stage={} cluster={} check {} failed: {}; {}", releaseId, stage.name(), key,
				failed.check(), failed.description(), outcome);
		if (policy == CheckPolicy.PAUSE) {
			pause(release.get(), "check " + failed.check() + " failed on " + key + ": " + failed.description());
		}
		else if (policy == CheckPolicy.FAIL && this.stages.stage(releaseId, stage.name()).overBudget(stage)) {
			pause(release.get(), "stage " + stage.name() + " is over its failure budget after check " + failed.check()
					+ " failed on " + key + ": " + failed.description());
		}
	}

	/**
	 * Pauses as the pause signal does, when the release's state takes one: a release
	 * paused, failed or being cancelled already keeps its state, and the verdict stays
	 * recorded.
	 */
	private void pause(ReleaseRecord release, String reason) {
		Optional<ReleaseState> next = SignalRules.next(release.state(), Signal.PAUSE);
		if (next.isEmpty()) {
			return;
		}
		this.timers.cancel(release.id());
		this.releases.changeState(release.id(), Set.of(release.state()), next.get(), reason);
	}

}
