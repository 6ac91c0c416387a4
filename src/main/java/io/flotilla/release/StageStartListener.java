package io.flotilla.release;

import java.time.Clock;

import io.flotilla.release.ReleaseEvent.StageStarted;

import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;

/**
 * Marks the start of a stage's rollout: the release's current stage (the one a reset
 * retries) and, the first time only, a stage-started event. A restart of the rollout step
 * carries the mark in its execution context.
 */
class StageStartListener implements StepExecutionListener {

	private static final String STARTED = "flotilla.stage.started";

	private final ReleaseStore store;

	private final ReleaseEvents events;

	private final Clock clock;

	private final String releaseId;

	private final String stage;

	StageStartListener(ReleaseStore store, ReleaseEvents events, Clock clock, String releaseId, String stage) {
		this.store = store;
		this.events = events;
		this.clock = clock;
		this.releaseId = releaseId;
		this.stage = stage;
	}

	@Override
	public void beforeStep(StepExecution stepExecution) {
		this.store.enterStage(this.releaseId, this.stage);
		if (!stepExecution.getExecutionContext().containsKey(STARTED)) {
			stepExecution.getExecutionContext().putString(STARTED, this.clock.instant().toString());
			this.events.record(new StageStarted(this.releaseId, this.clock.instant(), this.stage,
					this.store.stage(this.releaseId, this.stage).clusters()));
		}
	}

}
