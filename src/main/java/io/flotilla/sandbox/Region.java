package io.flotilla.sandbox;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

/**
 * One region: a fabric8 mock API server in CRUD mode on a free loopback port, filled with
 * the region's clusters and looked after by its own StatefulSet controller. It serves
 * metrics at {@code /metrics}, and pods and their logs, from the controller's simulated
 * state.
 */
final class Region implements AutoCloseable {

	// The mock server logs every request at INFO through java.util.logging; a strong
	// reference keeps the level set.
	private static final java.util.logging.Logger MOCK_SERVER_LOG = java.util.logging.Logger
		.getLogger(MockWebServer.class.getName());

	static {
		MOCK_SERVER_LOG.setLevel(Level.WARNING);
	}

	private final String name;

	private final KubernetesCrudDispatcher store;

	private final FaultInjectingDispatcher dispatcher;

	private final KubernetesMockServer server;

	private final ScheduledFuture<?> forgetRequests;

	private volatile StatefulSetController controller;

	private Region(String name, SandboxOptions options, long seed, ScheduledExecutorService scheduler,
			Map<String, SimulatedCluster> clusters) {
		this.name = name;
		this.store = new IndexedCrudDispatcher();
		Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
		ClusterSignals signals = new ClusterSignals(name, clusters,
				(key) -> (this.controller != null) ? this.controller.pods(key) : null, options);
		this.dispatcher = new FaultInjectingDispatcher(this.store, expectations, options.apiErrorRate(), seed,
				options.apiLatencyRate(), options.apiLatency(), signals::answer);
		this.server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), new MockWebServer(),
				expectations, this.dispatcher, false);
		this.server.start(InetAddress.getLoopbackAddress(), 0);
		// The mock server keeps every request it receives for inspection; a long-running
		// sandbox must let them go.
		this.forgetRequests = scheduler.scheduleWithFixedDelay(this::forgetRequests, 1, 1, TimeUnit.SECONDS);
	}

	static Region start(String name, List<SimulatedCluster> clusters, SandboxOptions options,
			ScheduledExecutorService scheduler, Map<String, SimulatedCluster> behaviours) {
		Region region = new Region(name, options, options.seed() ^ name.hashCode(), scheduler, behaviours);
		try {
			region.fill(clusters);
			region.controller = new StatefulSetController(region.controllerClient(), scheduler, behaviours,
					PodRestartTimes.of(options.podRestart(), options.podRestartTail()),
					options.seed() ^ name.hashCode());
			region.controller.start();
			return region;
		}
		catch (RuntimeException ex) {
			region.close();
			throw ex;
		}
	}

	String name() {
		return this.name;
	}

	String url() {
		return "http://127.0.0.1:" + this.server.getPort();
	}

	int port() {
		return this.server.getPort();
	}

	Map<String, Duration> restartTimes() {
		return (this.controller != null) ? this.controller.restartTimes() : Map.of();
	}

	FaultInjectingDispatcher dispatcher() {
		return this.dispatcher;
	}

	@Override
	public void close() {
		this.forgetRequests.cancel(false);
		if (this.controller != null) {
			this.controller.close();
		}
		this.server.shutdown();
	}

	/**
	 * Puts the clusters straight into the store: going through HTTP, or even through the
	 * store's create handler, looks up every object among all the others and makes
	 * filling a large fleet quadratic.
	 */
	private void fill(List<SimulatedCluster> clusters) {
		Set<String> namespaces = new LinkedHashSet<>();
		String created = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
		for (SimulatedCluster cluster : clusters) {
			if (namespaces.add(cluster.namespace())) {
				put("/api/v1/namespaces/" + cluster.namespace(), ClusterManifests.namespace(cluster), created);
			}
			put("/apis/apps/v1/namespaces/" + cluster.namespace() + "/statefulsets/" + cluster.name(),
					ClusterManifests.statefulSet(cluster), created);
		}
	}

	private void put(String path, HasMetadata resource, String created) {
		resource.getMetadata()
			.setUid(UUID.nameUUIDFromBytes((this.name + path).getBytes(StandardCharsets.UTF_8)).toString());
		resource.getMetadata().setCreationTimestamp(created);
		resource.getMetadata().setResourceVersion(String.valueOf(this.store.requestResourceVersion()));
		resource.getMetadata().setGeneration(1L);
		this.store.processEvent(path, this.store.getKey(path), null, null, Serialization.asJson(resource));
	}

	private KubernetesClient controllerClient() {
		Config config = new ConfigBuilder(Config.empty()).withMasterUrl(url())
			.withUserAgent(FaultInjectingDispatcher.CONTROLLER_USER_AGENT)
			.withRequestTimeout((int) Duration.ofSeconds(30).toMillis())
			.build();
		return new KubernetesClientBuilder().withConfig(config).build();
	}

	private void forgetRequests() {
		try {
			RecordedRequest request = this.server.takeRequest(0, TimeUnit.MILLISECONDS);
			while (request != null) {
				request = this.server.takeRequest(0, TimeUnit.MILLISECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
