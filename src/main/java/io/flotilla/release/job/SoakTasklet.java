package io.flotilla.release.job;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.flotilla.control.ReleaseState;
import io.flotilla.plan.Stage;
import io.flotilla.release.store.ClusterTable;
import io.flotilla.release.store.ClusterTable.Soak;
import io.flotilla.release.store.ReleaseTable;
import io.flotilla.timer.ReleaseTimers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Holds the release after a stage until every cluster it upgraded has been watched by its
 * checks for the stage's {@code soak} and then seen passing them. The checks run in the
 * release's own Quartz rounds, not here: while a soak has time left, or a cluster's
 * verdict after its soak is still to come, the step stops the job and leaves a timer, as
 * a bake does. What it waits for is read from the cluster rows each time, so a restart
 * neither shortens a soak nor loses a verdict: a cluster is soaked only once a round that
 * began after its soak ended passed it.
 */
class SoakTasklet implements Tasklet {

	private static final Logger logger = LoggerFactory.getLogger(SoakTasklet.class);

	private final ReleaseTable releases;

	private final ClusterTable clusters;

	private final ReleaseTimers timers;

	private final Clock clock;

	private final Duration checkInterval;

	private final String releaseId;

	private final Stage stage;

	SoakTasklet(ReleaseTable releases, ClusterTable clusters, ReleaseTimers timers, Clock clock, Duration checkInterval,
			String releaseId, Stage stage) {
		this.releases = releases;
		this.clusters = clusters;
		this.timers = timers;
		this.clock = clock;
		this.checkInterval = checkInterval;
		this.releaseId = releaseId;
		this.stage = stage;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
		Instant now = this.clock.instant();
		Soak soak = this.clusters.soak(this.releaseId, this.stage.name(), this.stage.soak());
		if (soak.unsoaked() == 0) {
			logger.info("release={} stage={} soak ended", this.releaseId, this.stage.name());
			return RepeatStatus.FINISHED;
		}
		Instant wakeUp;
		String why;
		if (now.isBefore(soak.ends())) {
			wakeUp = soak.ends().plus(this.checkInterval);
			why = "stage %s soaking: %d clusters watched by their checks until %s".formatted(this.stage.name(),
					soak.unsoaked(), soak.ends().truncatedTo(ChronoUnit.SECONDS));
		}
		else {
			wakeUp = now.plus(this.checkInterval);
			why = "stage %s soaking: waiting for the checks of %d clusters after their soak"
				.formatted(this.stage.name(), soak.unsoaked());
		}
		TimedStop.until(this.timers, this.releases, this.releaseId, ReleaseState.BAKING, why,
				wakeUp.truncatedTo(ChronoUnit.MICROS), chunkContext);
		return RepeatStatus.FINISHED;
	}

}
