package io.flotilla.release.job;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.flotilla.control.ReleaseState;
import io.flotilla.plan.Stage;
import io.flotilla.release.ReleaseEvent.BakeStarted;
import io.flotilla.release.store.ReleaseEventLog;
import io.flotilla.release.store.ReleaseTable;
import io.flotilla.release.store.StageTable;
import io.flotilla.timer.ReleaseTimers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Holds the release after a stage until the stage's bake has ended. The first run records
 * when the bake ends; while it has not ended the step stops the job and leaves a durable
 * timer to restart it, so no thread waits and a restart of the process never shortens a
 * bake.
 */
class BakeTasklet implements Tasklet {

	private static final Logger logger = LoggerFactory.getLogger(BakeTasklet.class);

	private final ReleaseTable releases;

	private final StageTable stages;

	private final ReleaseTimers timers;

	private final Clock clock;

	private final String releaseId;

	private final Stage stage;

	private final ReleaseEventLog events;

	BakeTasklet(ReleaseTable releases, StageTable stages, ReleaseEventLog events, ReleaseTimers timers, Clock clock,
			String releaseId, Stage stage) {
		this.releases = releases;
		this.stages = stages;
		this.events = events;
		this.timers = timers;
		this.clock = clock;
		this.releaseId = releaseId;
		this.stage = stage;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
		Instant now = this.clock.instant();
		Instant until = this.stages.stage(this.releaseId, this.stage.name()).bakeUntil();
		if (until == null) {
			// PostgreSQL keeps microseconds: the timer, the reason and the stored bake
			// end must name the same instant
			until = now.plus(this.stage.bake()).truncatedTo(ChronoUnit.MICROS);
			this.stages.startBake(this.releaseId, this.stage.name(), until);
			this.events.record(new BakeStarted(this.releaseId, now, this.stage.name(), until));
		}
		if (now.isBefore(until)) {
			String why = "stage " + this.stage.name() + " baking until " + until;
			TimedStop.until(this.timers, this.releases, this.releaseId, ReleaseState.BAKING, why, until, chunkContext);
			return RepeatStatus.FINISHED;
		}
		logger.info("release={} stage={} bake ended", this.releaseId, this.stage.name());
		return RepeatStatus.FINISHED;
	}

}
