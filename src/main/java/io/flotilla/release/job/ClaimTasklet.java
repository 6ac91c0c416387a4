package io.flotilla.release.job;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import io.flotilla.control.ReleaseState;
import io.flotilla.plan.OnConflict;
import io.flotilla.release.Claim;
import io.flotilla.release.ReleaseEvent.ClustersHeld;
import io.flotilla.release.store.ClaimTable;
import io.flotilla.release.store.ReleaseEventLog;
import io.flotilla.release.store.ReleaseTable;
import io.flotilla.timer.ReleaseTimers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Holds a stage of an {@code onConflict: wait} release until the release holds every
 * pending cluster of the stage. Each run takes the clusters their holders have let go;
 * while some are still held the step stops the job and leaves a durable timer to look
 * again, so no thread waits. Taking a claim twice changes nothing, so a run repeated
 * after a crash is harmless.
 */
class ClaimTasklet implements Tasklet {

	private static final Logger logger = LoggerFactory.getLogger(ClaimTasklet.class);

	private static final String HELD = "flotilla.held";

	private final ReleaseTable releases;

	private final ClaimTable claims;

	private final ReleaseEventLog events;

	private final ReleaseTimers timers;

	private final Clock clock;

	private final Duration recheck;

	private final String releaseId;

	private final String kind;

	private final String stage;

	ClaimTasklet(ReleaseTable releases, ClaimTable claims, ReleaseEventLog events, ReleaseTimers timers, Clock clock,
			Duration recheck, String releaseId, String kind, String stage) {
		this.releases = releases;
		this.claims = claims;
		this.events = events;
		this.timers = timers;
		this.clock = clock;
		this.recheck = recheck;
		this.releaseId = releaseId;
		this.kind = kind;
		this.stage = stage;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
		this.claims.claimStage(this.releaseId, this.kind, this.stage);
		List<Claim> held = this.claims.heldByOthers(this.releaseId, this.kind, this.stage);
		ExecutionContext context = chunkContext.getStepContext().getStepExecution().getExecutionContext();
		if (held.isEmpty()) {
			if (context.containsKey(HELD)) {
				logger.info("release={} stage={} holds every cluster of the stage now", this.releaseId, this.stage);
			}
			return RepeatStatus.FINISHED;
		}
		Instant now = this.clock.instant();
		String holders = Claim.summary(held);
		String why = "stage " + this.stage + " waits for " + holders;
		if (context.getInt(HELD, -1) != held.size()) {
			// one event per change in what is held, not one per look
			this.events
				.record(new ClustersHeld(this.releaseId, now, this.stage, held.size(), holders, OnConflict.WAIT));
			context.putInt(HELD, held.size());
		}
		TimedStop.until(this.timers, this.releases, this.releaseId, ReleaseState.AWAITING_CLAIMS, why,
				now.plus(this.recheck).truncatedTo(ChronoUnit.MICROS), chunkContext);
		return RepeatStatus.FINISHED;
	}

}
