package io.flotilla.release.job;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.flotilla.calendar.Freezes;
import io.flotilla.control.Gate;
import io.flotilla.plan.OnConflict;
import io.flotilla.plan.Plan;
import io.flotilla.plan.Stage;
import io.flotilla.release.store.ClaimTable;
import io.flotilla.release.store.ClusterTable;
import io.flotilla.release.store.ReleaseEventLog;
import io.flotilla.release.store.ReleaseOwners;
import io.flotilla.release.store.ReleaseTable;
import io.flotilla.release.store.StageTable;
import io.flotilla.release.wave.RolloutSteps;
import io.flotilla.release.wave.WaveHold;
import io.flotilla.release.wave.ShutdownSignal;
import io.flotilla.timer.ReleaseTimers;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.builder.SimpleJobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Builds a release's job from its plan snapshot alone, so that a release restarts the
 * same way after the file in {@code jobs/} changed. Read top to bottom it is the stage
 * sequence: an optional gate for the release, then per stage an optional gate, a wait for
 * clusters other releases hold when the plan says {@code onConflict: wait}, a rollout
 * step partitioned by cluster group with one chunk per wave, a soak while the stage's
 * checks watch its clusters, and a bake step before the next stage.
 */
public class ReleaseJobFactory {

	private final JobRepository jobRepository;

	private final PlatformTransactionManager transactionManager;

	private final RolloutSteps rollouts;

	private final ReleaseTable releases;

	private final StageTable stages;

	private final ReleaseEventLog events;

	private final ClaimTable claims;

	private final ReleaseTimers timers;

	private final Clock clock;

	private final Duration claimRecheck;

	private final ReleaseJobListener listener;

	private final Supplier<Freezes> freezes;

	private final ClusterTable clusters;

	private final Duration checkInterval;

	public ReleaseJobFactory(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			RolloutSteps rollouts, ReleaseTable releases, StageTable stages, ClaimTable claims, ReleaseEventLog events,
			ReleaseOwners owners, ReleaseTimers timers, ShutdownSignal shutdown, Clock clock, Duration claimRecheck,
			Supplier<Freezes> freezes, ClusterTable clusters, Duration checkInterval) {
		this.freezes = freezes;
		this.clusters = clusters;
		this.checkInterval = checkInterval;
		this.jobRepository = jobRepository;
		this.transactionManager = transactionManager;
		this.rollouts = rollouts;
		this.releases = releases;
		this.stages = stages;
		this.claims = claims;
		this.events = events;
		this.timers = timers;
		this.clock = clock;
		this.claimRecheck = claimRecheck;
		this.listener = new ReleaseJobListener(releases, stages, events, owners, shutdown, clock,
				new AutomaticRestarts(events, timers, clock));
	}

	Job build(String releaseId, Plan plan) {
		List<Step> steps = new ArrayList<>();
		List<Stage> stages = plan.stages();
		WaveHold hold = new WindowHold(this.releases, this.events, this.timers, this.clock, this.freezes, releaseId,
				plan.selector());
		if (plan.approval()) {
			steps.add(gate(releaseId, Gate.RELEASE, stages.get(0)));
		}
		for (int i = 0; i < stages.size(); i++) {
			Stage stage = stages.get(i);
			if (stage.approval()) {
				steps.add(gate(releaseId, Gate.STAGE, stage));
			}
			if (plan.onConflict() == OnConflict.WAIT) {
				steps.add(claims(releaseId, plan, stage));
			}
			steps.add(this.rollouts.rollout(releaseId, plan, stage, new StageStartListener(this.releases, this.stages,
					this.events, this.clock, releaseId, stage.name()), hold));
			if (!stage.soak().isZero() && !stage.checks().isEmpty()) {
				steps.add(soak(releaseId, stage));
			}
			boolean lastStage = i == stages.size() - 1;
			if (!lastStage && !stage.bake().isZero()) {
				steps.add(bake(releaseId, stage));
			}
		}
		SimpleJobBuilder job = new JobBuilder(ReleaseJob.NAME, this.jobRepository).listener(this.listener)
			.start(steps.get(0));
		steps.stream().skip(1).forEach(job::next);
		return job.build();
	}

	private Step gate(String releaseId, Gate gate, Stage stage) {
		String name = (gate == Gate.RELEASE) ? "gate:release" : "gate:" + stage.name();
		return new StepBuilder(name, this.jobRepository)
			.tasklet(new GateTasklet(this.releases, this.events, this.clock, releaseId, gate, stage.name()),
					this.transactionManager)
			.build();
	}

	private Step claims(String releaseId, Plan plan, Stage stage) {
		return new StepBuilder("claims:" + stage.name(), this.jobRepository)
			.tasklet(new ClaimTasklet(this.releases, this.claims, this.events, this.timers, this.clock,
					this.claimRecheck, releaseId, plan.target().kind(), stage.name()), this.transactionManager)
			.build();
	}

	/**
	 * Sets the trigger of the release's health-check rounds when a stage of its plan has
	 * checks; each execution asks, and a trigger set already is kept.
	 */
	void watchChecks(String releaseId, Plan plan) {
		if (plan.stages().stream().anyMatch((stage) -> !stage.checks().isEmpty())) {
			this.timers.watchEvery(releaseId, this.checkInterval);
		}
	}

	private Step soak(String releaseId, Stage stage) {
		return new StepBuilder("soak:" + stage.name(), this.jobRepository)
			.tasklet(new SoakTasklet(this.releases, this.clusters, this.timers, this.clock, this.checkInterval,
					releaseId, stage), this.transactionManager)
			.build();
	}

	private Step bake(String releaseId, Stage stage) {
		return new StepBuilder("bake:" + stage.name(), this.jobRepository)
			.tasklet(
					new BakeTasklet(this.releases, this.stages, this.events, this.timers, this.clock, releaseId, stage),
					this.transactionManager)
			.build();
	}

}
