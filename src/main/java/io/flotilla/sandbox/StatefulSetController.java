package io.flotilla.sandbox;

import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays the StatefulSet controller for one region: it watches every StatefulSet through
 * the region's own API, as a real controller would, and writes their status through the
 * {@code /status} subresource. Its client identifies itself so that fault injection
 * leaves it alone.
 */
final class StatefulSetController implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(StatefulSetController.class);

	private final KubernetesClient client;

	private final ScheduledExecutorService scheduler;

	private final Map<String, SimulatedCluster> clusters;

	private final PodRestartTimes podRestart;

	private final long seed;

	private final Map<String, SimulatedStatefulSet> statefulSets = new ConcurrentHashMap<>();

	private SharedIndexInformer<StatefulSet> informer;

	StatefulSetController(KubernetesClient client, ScheduledExecutorService scheduler,
			Map<String, SimulatedCluster> clusters, PodRestartTimes podRestart, long seed) {
		this.client = client;
		this.scheduler = scheduler;
		this.clusters = clusters;
		this.podRestart = podRestart;
		this.seed = seed;
	}

	/**
	 * The pod restart time each StatefulSet was given so far, keyed
	 * {@code namespace/name}.
	 */
	Map<String, Duration> restartTimes() {
		Map<String, Duration> times = new java.util.TreeMap<>();
		this.statefulSets.forEach((key, statefulSet) -> times.put(key, statefulSet.restartTime()));
		return times;
	}

	/**
	 * The pods of StatefulSet {@code namespace/name} as last simulated, or null when the
	 * controller has not seen it.
	 */
	SimulatedStatefulSet.Pods pods(String key) {
		SimulatedStatefulSet statefulSet = this.statefulSets.get(key);
		return (statefulSet != null) ? statefulSet.pods() : null;
	}

	/**
	 * Starts watching; returns once every existing StatefulSet has been seen.
	 */
	void start() {
		this.informer = this.client.apps().statefulSets().inAnyNamespace().inform(new ResourceEventHandler<>() {

			@Override
			public void onAdd(StatefulSet statefulSet) {
				observe(statefulSet);
			}

			@Override
			public void onUpdate(StatefulSet before, StatefulSet statefulSet) {
				observe(statefulSet);
			}

			@Override
			public void onDelete(StatefulSet statefulSet, boolean finalStateUnknown) {
				SimulatedStatefulSet gone = StatefulSetController.this.statefulSets.remove(key(statefulSet));
				if (gone != null) {
					gone.forget();
				}
			}

		});
	}

	@Override
	public void close() {
		if (this.informer != null) {
			this.informer.close();
		}
		this.statefulSets.values().forEach(SimulatedStatefulSet::forget);
		this.client.close();
	}

	private void observe(StatefulSet statefulSet) {
		SimulatedStatefulSet simulated = this.statefulSets.computeIfAbsent(key(statefulSet),
				(key) -> simulate(statefulSet.getMetadata().getNamespace(), statefulSet.getMetadata().getName()));
		this.scheduler.execute(() -> simulated.observe(statefulSet));
	}

	private SimulatedStatefulSet simulate(String namespace, String name) {
		SimulatedCluster cluster = this.clusters.get(namespace + "/" + name);
		boolean failing = cluster != null && cluster.failing();
		boolean slow = cluster != null && cluster.slow();
		int factor = slow ? 10 : 1;
		Random random = new Random(this.seed ^ (namespace + "/" + name).hashCode());
		Supplier<Duration> restart = () -> this.podRestart.next(random).multipliedBy(factor);
		return new SimulatedStatefulSet(failing, restart, this.podRestart.isInstant(), this.scheduler,
				(status) -> writeStatus(namespace, name, status));
	}

	private void writeStatus(String namespace, String name, StatefulSetStatus status) {
		try {
			this.client.apps()
				.statefulSets()
				.inNamespace(namespace)
				.withName(name)
				.subresource("status")
				.patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(Map.of("status", status)));
		}
		catch (KubernetesClientException ex) {
			logger.warn("Could not write the status of StatefulSet {}/{}", namespace, name, ex);
		}
	}

	private static String key(StatefulSet statefulSet) {
		return statefulSet.getMetadata().getNamespace() + "/" + statefulSet.getMetadata().getName();
	}

}
