package io.flotilla.release.wave;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

import io.flotilla.fleet.Fleet;
import io.flotilla.fleet.UpgradeRequest;
import io.flotilla.health.HealthChecks;
import io.flotilla.plan.Group;
import io.flotilla.plan.Plan;
import io.flotilla.plan.Stage;
import io.flotilla.release.store.ClusterTable;
import io.flotilla.release.store.ReleaseEventLog;
import io.flotilla.release.store.ReleaseTable;
import io.flotilla.release.store.StageTable;

import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.core.task.TaskExecutor;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Builds a stage's rollout step: partitioned by cluster group, the groups side by side,
 * each a chunk-oriented step whose chunk is one wave, committed with every cluster's
 * outcome.
 */
public class RolloutSteps {

	private final JobRepository jobRepository;

	private final InFlightClusters inFlight;

	private final PlatformTransactionManager transactionManager;

	private final TaskExecutor partitionExecutor;

	private final ReleaseTable releases;

	private final StageTable stages;

	private final ClusterTable clusters;

	private final ReleaseEventLog events;

	private final Fleet fleet;

	private final ShutdownSignal shutdown;

	private final Clock clock;

	private final HealthChecks health;

	public RolloutSteps(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			TaskExecutor partitionExecutor, ReleaseTable releases, StageTable stages, ClusterTable clusters,
			ReleaseEventLog events, Fleet fleet, ShutdownSignal shutdown, InFlightClusters inFlight, Clock clock,
			HealthChecks health) {
		this.health = health;
		this.jobRepository = jobRepository;
		this.inFlight = inFlight;
		this.transactionManager = transactionManager;
		this.partitionExecutor = partitionExecutor;
		this.releases = releases;
		this.stages = stages;
		this.clusters = clusters;
		this.events = events;
		this.fleet = fleet;
		this.shutdown = shutdown;
		this.clock = clock;
	}

	/**
	 * The stage's rollout step, named {@code rollout:<stage>}.
	 * @param listener told when the step starts and ends
	 * @param hold what may hold the release before a wave: its windows, a freeze
	 */
	public Step rollout(String releaseId, Plan plan, Stage stage, StepExecutionListener listener, WaveHold hold) {
		UpgradeRequest request = UpgradeRequest.of(releaseId, plan, stage.readyTimeout());
		String wavesStep = "waves:" + stage.name();
		StageSlots slots = new StageSlots(stage.parallelism(), wavesStep);
		Rollout rollout = new Rollout(releaseId, stage, request, slots, wavesStep);
		Step waves = new StepBuilder(wavesStep, this.jobRepository).<Wave, Wave>chunk(1)
			.reader(new WaveReader(rollout, this.releases, this.stages, this.clusters, this.fleet, this.shutdown, hold))
			.writer(new WaveWriter(rollout, this.releases, this.stages, this.clusters, this.events, this.fleet,
					this.shutdown, this.inFlight, this.clock, this.health))
			.listener(slots)
			.transactionManager(this.transactionManager)
			.build();
		return new StepBuilder("rollout:" + stage.name(), this.jobRepository).partitioner(wavesStep, byGroup(stage))
			.step(waves)
			.gridSize(stage.groups().size())
			.taskExecutor(this.partitionExecutor)
			.listener(listener)
			.build();
	}

	/**
	 * One partition per group, keyed by the group's name: the partition's step execution
	 * is named after it ({@link CurrentStep#group}).
	 */
	private static Partitioner byGroup(Stage stage) {
		return (gridSize) -> {
			Map<String, ExecutionContext> partitions = new HashMap<>();
			for (Group group : stage.groups()) {
				partitions.put(group.name(), new ExecutionContext());
			}
			return partitions;
		};
	}

}
