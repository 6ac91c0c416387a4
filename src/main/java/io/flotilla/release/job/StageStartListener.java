package io.flotilla.release.job;

import java.time.Clock;

import io.flotilla.release.ReleaseEvent.StageStarted;
import io.flotilla.release.store.ReleaseEventLog;
import io.flotilla.release.store.ReleaseTable;
import io.flotilla.release.store.StageTable;

import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;

/**
 * Marks the start of a stage's rollout: the release's current stage (the one a reset
 * retries) and, the first time only, a stage-started event. A restart of the rollout step
 * carries the mark in its execution context.
 */
class StageStartListener implements StepExecutionListener {

	private static final String STARTED = "flotilla.stage.started";

	private final ReleaseTable releases;

	private final StageTable stages;

	private final ReleaseEventLog events;

	private final Clock clock;

	private final String releaseId;

	private final String stage;

	StageStartListener(ReleaseTable releases, StageTable stages, ReleaseEventLog events, Clock clock, String releaseId,
			String stage) {
		this.releases = releases;
		this.stages = stages;
		this.events = events;
		this.clock = clock;
		this.releaseId = releaseId;
		this.stage = stage;
	}

	@Override
	public void beforeStep(StepExecution stepExecution) {
		this.releases.enterStage(this.releaseId, this.stage);
		if (!stepExecution.getExecutionContext().containsKey(STARTED)) {
			stepExecution.getExecutionContext().putString(STARTED, this.clock.instant().toString());
			this.events.record(new StageStarted(this.releaseId, this.clock.instant(), this.stage,
					this.stages.stage(this.releaseId, this.stage).clusters()));
		}
	}

}
