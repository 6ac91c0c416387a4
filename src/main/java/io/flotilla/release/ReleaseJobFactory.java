package io.flotilla.release;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.flotilla.fleet.Fleet;
import io.flotilla.fleet.UpgradeRequest;
import io.flotilla.plan.Group;
import io.flotilla.plan.Plan;
import io.flotilla.plan.Stage;
import io.flotilla.schedule.ReleaseTimers;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.builder.SimpleJobBuilder;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.core.task.TaskExecutor;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Builds a release's job from its plan snapshot alone, so that a release restarts the
 * same way after the file in {@code jobs/} changed. Read top to bottom it is the stage
 * sequence: per stage a rollout step, partitioned by cluster group with one chunk per
 * wave, then a bake step before the next stage.
 */
class ReleaseJobFactory {

	static final String JOB_NAME = "release";

	private final JobRepository jobRepository;

	private final PlatformTransactionManager transactionManager;

	private final TaskExecutor partitionExecutor;

	private final ReleaseJobListener listener;

	private final Fleet fleet;

	private final ReleaseStore store;

	private final ReleaseTimers timers;

	private final Clock clock;

	private final ShutdownSignal shutdown;

	private final ReleaseEvents events;

	ReleaseJobFactory(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			TaskExecutor partitionExecutor, ReleaseJobListener listener, Fleet fleet, ReleaseStore store,
			ReleaseTimers timers, Clock clock, ShutdownSignal shutdown, ReleaseEvents events) {
		this.events = events;
		this.jobRepository = jobRepository;
		this.transactionManager = transactionManager;
		this.partitionExecutor = partitionExecutor;
		this.listener = listener;
		this.fleet = fleet;
		this.store = store;
		this.timers = timers;
		this.clock = clock;
		this.shutdown = shutdown;
	}

	Job build(String releaseId, Plan plan) {
		List<Step> steps = new ArrayList<>();
		List<Stage> stages = plan.stages();
		if (plan.approval()) {
			steps.add(gate(releaseId, Gate.RELEASE, stages.get(0)));
		}
		for (int i = 0; i < stages.size(); i++) {
			Stage stage = stages.get(i);
			if (stage.approval()) {
				steps.add(gate(releaseId, Gate.STAGE, stage));
			}
			steps.add(rollout(releaseId, plan, stage));
			boolean lastStage = i == stages.size() - 1;
			if (!lastStage && !stage.bake().isZero()) {
				steps.add(bake(releaseId, stage));
			}
		}
		SimpleJobBuilder job = new JobBuilder(JOB_NAME, this.jobRepository).listener(this.listener).start(steps.get(0));
		steps.stream().skip(1).forEach(job::next);
		return job.build();
	}

	private Step rollout(String releaseId, Plan plan, Stage stage) {
		UpgradeRequest request = UpgradeRequest.of(releaseId, plan, stage.readyTimeout());
		StageSlots slots = new StageSlots(stage.parallelism());
		Step waves = new StepBuilder("waves:" + stage.name(), this.jobRepository).<Wave, Wave>chunk(1)
			.reader(new WaveReader(this.store, releaseId, stage, this.shutdown, slots, this.fleet, request))
			.writer(new WaveWriter(this.fleet, this.store, this.events, this.clock, releaseId, stage, request, slots,
					this.shutdown))
			.listener(slots)
			.transactionManager(this.transactionManager)
			.build();
		return new StepBuilder("rollout:" + stage.name(), this.jobRepository)
			.partitioner("waves:" + stage.name(), byGroup(stage))
			.step(waves)
			.gridSize(stage.groups().size())
			.taskExecutor(this.partitionExecutor)
			.listener(new StageStartListener(this.store, this.events, this.clock, releaseId, stage.name()))
			.build();
	}

	private Step gate(String releaseId, Gate gate, Stage stage) {
		String name = (gate == Gate.RELEASE) ? "gate:release" : "gate:" + stage.name();
		return new StepBuilder(name, this.jobRepository)
			.tasklet(new GateTasklet(this.store, this.events, this.clock, releaseId, gate, stage.name()),
					this.transactionManager)
			.build();
	}

	private Step bake(String releaseId, Stage stage) {
		return new StepBuilder("bake:" + stage.name(), this.jobRepository)
			.tasklet(new BakeTasklet(this.store, this.timers, this.clock, releaseId, stage, this.events),
					this.transactionManager)
			.build();
	}

	private static Partitioner byGroup(Stage stage) {
		return (gridSize) -> {
			Map<String, ExecutionContext> partitions = new HashMap<>();
			for (Group group : stage.groups()) {
				ExecutionContext context = new ExecutionContext();
				context.putString(CurrentStep.GROUP, group.name());
				partitions.put(group.name(), context);
			}
			return partitions;
		};
	}

}
