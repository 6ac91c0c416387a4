package io.flotilla.sandbox;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SimulatedStatefulSetTests {

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

	private final List<StatefulSetStatus> written = new CopyOnWriteArrayList<>();

	private long resourceVersion = 1;

	@AfterEach
	void stopScheduler() {
		this.scheduler.shutdownNow();
	}

	@Test
	void settledStatefulSetIsLeftAlone() {
		SimulatedStatefulSet simulated = simulated(false, Duration.ZERO);

		simulated.observe(version(aCluster(3, "24.8"), 1));

		assertThat(this.written).isEmpty();
	}

	@Test
	void templateChangeRollsPodsOneByOne() {
		StatefulSet original = aCluster(3, "24.8");
		SimulatedStatefulSet simulated = simulated(false, Duration.ofMillis(20));
		simulated.observe(version(original, 1));

		StatefulSet changed = version(withImage(original, "25.3"), 2);
		simulated.observe(changed);

		await().atMost(Duration.ofSeconds(2)).until(() -> this.written.size() == 4);
		assertThat(this.written).extracting(StatefulSetStatus::getUpdatedReplicas).containsExactly(0, 1, 2, 3);
		assertThat(this.written).extracting(StatefulSetStatus::getReadyReplicas).containsExactly(2, 2, 2, 3);
		assertThat(this.written).extracting(StatefulSetStatus::getObservedGeneration).containsOnly(2L);
		StatefulSetStatus last = this.written.get(3);
		assertThat(last.getUpdateRevision()).isEqualTo(Revisions.of(changed)).isEqualTo(last.getCurrentRevision());
		assertThat(this.written.get(0).getCurrentRevision()).isEqualTo(Revisions.of(original));
	}

	@Test
	void itsPodsAreReadWithoutWaitingForAStatusWriteInFlight() {
		// given a status writer that, like the region's API serving a scrape on the
		// thread the write waits for, needs the pods read on another thread first
		ExecutorService api = Executors.newSingleThreadExecutor();
		List<Integer> seenUpdated = new CopyOnWriteArrayList<>();
		AtomicReference<SimulatedStatefulSet> self = new AtomicReference<>();
		SimulatedStatefulSet simulated = new SimulatedStatefulSet(false, Duration.ofMillis(20), this.scheduler,
				(status) -> {
					try {
						seenUpdated.add(api.submit(() -> self.get().pods().updated()).get(2, TimeUnit.SECONDS));
					}
					catch (Exception ex) {
						throw new IllegalStateException("the pods could not be read while a status was written", ex);
					}
					this.written.add(status);
				});
		self.set(simulated);
		StatefulSet original = aCluster(3, "24.8");
		simulated.observe(version(original, 1));

		// when it rolls
		simulated.observe(version(withImage(original, "25.3"), 2));

		// then every write saw the pods as that status reports them
		await().atMost(Duration.ofSeconds(5)).until(() -> this.written.size() == 4);
		api.shutdownNow();
		assertThat(seenUpdated).containsExactly(0, 1, 2, 3);
	}

	@Test
	void sameTemplateSeenAgainRestartsNothing() {
		StatefulSet original = aCluster(2, "24.8");
		SimulatedStatefulSet simulated = simulated(false, Duration.ZERO);
		simulated.observe(version(original, 1));

		simulated.observe(version(original, 1));

		assertThat(this.written).isEmpty();
	}

	@Test
	void failingClusterCrashLoopsItsFirstPodUntilRolledBack() {
		StatefulSet original = aCluster(3, "24.8");
		SimulatedStatefulSet simulated = simulated(true, Duration.ZERO);
		simulated.observe(version(original, 1));

		simulated.observe(version(withImage(original, "25.3"), 2));

		StatefulSetStatus broken = this.written.get(this.written.size() - 1);
		assertThat(broken.getUpdatedReplicas()).isEqualTo(1);
		assertThat(broken.getReadyReplicas()).isEqualTo(2);
		assertThat(broken.getCurrentRevision()).isNotEqualTo(broken.getUpdateRevision());

		simulated.observe(version(original, 3));

		StatefulSetStatus healed = this.written.get(this.written.size() - 1);
		assertThat(healed.getReadyReplicas()).isEqualTo(3);
		assertThat(healed.getUpdatedReplicas()).isEqualTo(3);
		assertThat(healed.getCurrentRevision()).isEqualTo(Revisions.of(original)).isEqualTo(healed.getUpdateRevision());
		assertThat(healed.getObservedGeneration()).isEqualTo(3);
	}

	@Test
	void scalingWithoutTemplateChangeOnlyCatchesUp() {
		StatefulSet original = aCluster(3, "24.8");
		SimulatedStatefulSet simulated = simulated(false, Duration.ofSeconds(10));
		simulated.observe(version(original, 1));

		StatefulSet scaled = new StatefulSetBuilder(original).editSpec().withReplicas(5).endSpec().build();
		simulated.observe(version(scaled, 2));

		assertThat(this.written).singleElement().satisfies((status) -> {
			assertThat(status.getObservedGeneration()).isEqualTo(2);
			assertThat(status.getReadyReplicas()).isEqualTo(5);
			assertThat(status.getUpdatedReplicas()).isEqualTo(5);
		});
	}

	@Test
	void olderEventsArrivingLateAreIgnored() {
		StatefulSet original = aCluster(3, "24.8");
		StatefulSet older = version(withImage(original, "25.3"), 2);
		StatefulSet newer = version(original, 1);
		SimulatedStatefulSet simulated = simulated(false, Duration.ZERO);
		simulated.observe(newer);

		simulated.observe(older);

		assertThat(this.written).isEmpty();
	}

	@Test
	void statefulSetWithoutStatusIsSettledAtOnce() {
		StatefulSet created = new StatefulSetBuilder(aCluster(2, "24.3")).withStatus(null).build();
		SimulatedStatefulSet simulated = simulated(false, Duration.ofSeconds(10));

		simulated.observe(version(created, 1));

		assertThat(this.written).singleElement().satisfies((status) -> {
			assertThat(status.getReadyReplicas()).isEqualTo(2);
			assertThat(status.getCurrentRevision()).isEqualTo(Revisions.of(created));
		});
	}

	private SimulatedStatefulSet simulated(boolean failing, Duration podRestart) {
		return new SimulatedStatefulSet(failing, podRestart, this.scheduler, this.written::add);
	}

	private static StatefulSet aCluster(int replicas, String version) {
		return ClusterManifests.statefulSet(new SimulatedCluster("us-east-1", "tenant-0001", "clickhouse-events",
				"tenant-0001", "prod", version, replicas, false, false));
	}

	private static StatefulSet withImage(StatefulSet statefulSet, String version) {
		StatefulSet changed = new StatefulSetBuilder(statefulSet).build();
		changed.getSpec()
			.getTemplate()
			.getSpec()
			.getContainers()
			.get(0)
			.setImage(ClusterManifests.IMAGE + ":" + version);
		return changed;
	}

	private StatefulSet version(StatefulSet statefulSet, long generation) {
		return new StatefulSetBuilder(statefulSet).editMetadata()
			.withGeneration(generation)
			.withResourceVersion(String.valueOf(this.resourceVersion++))
			.endMetadata()
			.build();
	}

}
