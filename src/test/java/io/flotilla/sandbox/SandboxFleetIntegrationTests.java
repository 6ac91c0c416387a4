package io.flotilla.sandbox;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.RollableScalableResource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

class SandboxFleetIntegrationTests {

	private static final String TARGET_IMAGE = "clickhouse/clickhouse-server:25.3";

	@TempDir
	static Path directory;

	static SandboxFleet fleet;

	static Map<String, KubernetesClient> clients = new HashMap<>();

	@BeforeAll
	static void startFleet() {
		fleet = SandboxFleet.start(SandboxOptions.defaults()
			.withClusters(30)
			.withRegionCount(3)
			.withFailRate(0.1)
			.withSlowRate(0.0)
			.withPodRestart(Duration.ofMillis(100))
			.withSeed(7)
			.withDirectory(directory));
		fleet.contexts().forEach((context) -> clients.put(context, client(fleet.kubeconfig(), context, 10)));
	}

	@AfterAll
	static void stopFleet() {
		clients.values().forEach(KubernetesClient::close);
		fleet.close();
	}

	@Test
	void servesTheFleetThroughTheKubeconfigWithOneContextPerRegion() {
		assertThat(fleet.contexts()).containsExactly("us-east-1", "eu-west-1", "ap-south-1");
		assertThat(fleet.describe()).contains("30 clusters in 3 regions", "us-east-1", "http://127.0.0.1:", "24.8 x",
				fleet.kubeconfig().toString());
		List<StatefulSet> all = new ArrayList<>();
		for (String context : fleet.contexts()) {
			List<StatefulSet> listed = clients.get(context)
				.apps()
				.statefulSets()
				.inAnyNamespace()
				.withLabel("app.kubernetes.io/name", "clickhouse")
				.list()
				.getItems();
			assertThat(listed).isNotEmpty();
			all.addAll(listed);
		}
		assertThat(all).hasSize(30).hasSize(fleet.clusterCount());
		assertThat(all).allSatisfy((statefulSet) -> {
			Map<String, String> labels = statefulSet.getMetadata().getLabels();
			assertThat(labels.get("flotilla.io/tier")).isIn("dev", "staging", "prod");
			assertThat(labels.get("flotilla.io/tenant")).isEqualTo(statefulSet.getMetadata().getNamespace());
			assertThat(statefulSet.getMetadata().getNamespace()).matches("tenant-\\d{4}");
			assertThat(statefulSet.getSpec().getReplicas()).isBetween(1, 5);
			assertThat(statefulSet.getSpec().getTemplate().getSpec().getContainers()).singleElement()
				.satisfies((container) -> {
					assertThat(container.getName()).isEqualTo("clickhouse");
					assertThat(container.getImage()).matches("clickhouse/clickhouse-server:(24\\.3|24\\.8|25\\.3)");
				});
			assertThat(ready(statefulSet)).isTrue();
		});
		assertThat(clients.get("us-east-1")
			.apps()
			.statefulSets()
			.inAnyNamespace()
			.withLabel("flotilla.io/tier", "prod")
			.list()
			.getItems())
			.allSatisfy((statefulSet) -> assertThat(statefulSet.getMetadata().getLabels())
				.containsEntry("flotilla.io/tier", "prod"));
	}

	@Test
	void jsonPatchOfTheImageRollsThePodsAndThenReportsReady() {
		SimulatedCluster cluster = healthyCluster(3, "24.8");
		RollableScalableResource<StatefulSet> resource = resource(cluster);
		StatefulSet before = resource.get();
		Map<String, Integer> expectedPatchCounts = new HashMap<>(fleet.patchCounts());
		expectedPatchCounts.put(cluster.region() + "/" + cluster.key(), 1);

		StatefulSet patched = resource.patch(PatchContext.of(PatchType.JSON), imagePatch(TARGET_IMAGE));

		assertThat(patched.getMetadata().getGeneration()).isEqualTo(before.getMetadata().getGeneration() + 1);
		assertThat(ready(patched)).isFalse();
		await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10)).untilAsserted(() -> {
			StatefulSet rolling = resource.get();
			assertThat(rolling.getStatus().getObservedGeneration()).isEqualTo(rolling.getMetadata().getGeneration());
			assertThat(rolling.getStatus().getReadyReplicas()).isEqualTo(cluster.replicas() - 1);
			assertThat(rolling.getStatus().getUpdateRevision()).isNotEqualTo(rolling.getStatus().getCurrentRevision());
		});
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(ready(resource.get())).isTrue());
		StatefulSet after = resource.get();
		assertThat(after.getStatus().getCurrentRevision()).isEqualTo(after.getStatus().getUpdateRevision())
			.isNotEqualTo(before.getStatus().getCurrentRevision());
		assertThat(after.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo(TARGET_IMAGE);
		assertThat(fleet.patchCount(cluster.region(), cluster.namespace(), cluster.name())).isEqualTo(1);
		assertThat(fleet.patchCounts()).isEqualTo(expectedPatchCounts);
	}

	@Test
	void patchingTheSameTemplateAgainRestartsNothing() {
		SimulatedCluster cluster = healthyCluster(2, "24.3");
		RollableScalableResource<StatefulSet> resource = resource(cluster);
		String image = ClusterManifests.IMAGE + ":" + cluster.version();
		StatefulSet before = resource.get();

		StatefulSet patched = resource.patch(PatchContext.of(PatchType.JSON), imagePatch(image));

		assertThat(patched.getMetadata().getGeneration()).isEqualTo(before.getMetadata().getGeneration());
		assertThat(patched.getMetadata().getResourceVersion()).isEqualTo(before.getMetadata().getResourceVersion());
		await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1)).until(() -> ready(resource.get()));
		assertThat(resource.get().getStatus()).isEqualTo(before.getStatus());
		assertThat(fleet.patchCount(cluster.region(), cluster.namespace(), cluster.name())).isEqualTo(1);
	}

	@Test
	void failingClusterNeverBecomesReadyUntilRolledBack() {
		SimulatedCluster cluster = fleet.clusters()
			.stream()
			.filter(SimulatedCluster::failing)
			.filter((c) -> !c.version().equals("25.3"))
			.findFirst()
			.orElseThrow();
		RollableScalableResource<StatefulSet> resource = resource(cluster);
		String original = ClusterManifests.IMAGE + ":" + cluster.version();

		resource.patch(PatchContext.of(PatchType.JSON), imagePatch(TARGET_IMAGE));

		await().atMost(Duration.ofSeconds(2))
			.untilAsserted(() -> assertThat(resource.get().getStatus().getUpdatedReplicas()).isEqualTo(1));
		await().during(Duration.ofMillis(500))
			.atMost(Duration.ofSeconds(1))
			.until(() -> resource.get().getStatus().getReadyReplicas() == cluster.replicas() - 1);
		assertThat(ready(resource.get())).isFalse();

		resource.patch(PatchContext.of(PatchType.JSON), imagePatch(original));

		await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(ready(resource.get())).isTrue());
	}

	@Test
	void jsonPatchTestOperationsAreHonoured() {
		SimulatedCluster cluster = healthyCluster(1, "24.8");
		RollableScalableResource<StatefulSet> resource = resource(cluster);
		String wrongTest = "[{\"op\":\"test\",\"path\":\"/spec/template/spec/containers/0/image\",\"value\":\"nope\"},"
				+ imagePatch(TARGET_IMAGE).substring(1);

		assertThatExceptionOfType(KubernetesClientException.class)
			.isThrownBy(() -> resource.patch(PatchContext.of(PatchType.JSON), wrongTest))
			.satisfies((ex) -> assertThat(ex.getCode()).isEqualTo(422));
		assertThat(resource.get().getMetadata().getGeneration()).isEqualTo(1);

		String rightTest = "[{\"op\":\"test\",\"path\":\"/spec/template/spec/containers/0/image\",\"value\":\""
				+ ClusterManifests.IMAGE + ":" + cluster.version() + "\"}," + imagePatch(TARGET_IMAGE).substring(1);
		resource.patch(PatchContext.of(PatchType.JSON), rightTest);
		assertThat(resource.get().getMetadata().getGeneration()).isEqualTo(2);
	}

	@Test
	void apiErrorsHitClientsButNotTheController(@TempDir Path elsewhere) {
		try (SandboxFleet flaky = SandboxFleet.start(SandboxOptions.defaults()
			.withClusters(6)
			.withRegionCount(1)
			.withFailRate(0)
			.withSlowRate(0)
			.withApiErrorRate(0.5)
			.withPodRestart(Duration.ofMillis(50))
			.withSeed(3)
			.withDirectory(elsewhere));
				KubernetesClient noRetries = client(flaky.kubeconfig(), "us-east-1", 0);
				KubernetesClient retrying = client(flaky.kubeconfig(), "us-east-1", 10)) {
			List<Integer> codes = new ArrayList<>();
			for (int i = 0; i < 40; i++) {
				try {
					noRetries.apps().statefulSets().inAnyNamespace().list();
					codes.add(200);
				}
				catch (KubernetesClientException ex) {
					codes.add(ex.getCode());
				}
			}
			assertThat(codes).contains(200, 429, 500).allSatisfy((code) -> assertThat(code).isIn(200, 429, 500));

			SimulatedCluster cluster = flaky.clusters().get(0);
			RollableScalableResource<StatefulSet> resource = retrying.apps()
				.statefulSets()
				.inNamespace(cluster.namespace())
				.withName(cluster.name());
			resource.patch(PatchContext.of(PatchType.JSON), imagePatch("clickhouse/clickhouse-server:99.1"));
			await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
				StatefulSet statefulSet = resource.get();
				assertThat(statefulSet.getMetadata().getGeneration()).isEqualTo(2);
				assertThat(ready(statefulSet)).isTrue();
			});
			assertThat(flaky.patchCount("us-east-1", cluster.namespace(), cluster.name())).isEqualTo(1);
		}
	}

	@Test
	void apiLatencyDelaysTheShareOfClientAnswersItIsAskedTo(@TempDir Path elsewhere) {
		try (SandboxFleet slow = SandboxFleet.start(SandboxOptions.defaults()
			.withClusters(6)
			.withRegionCount(1)
			.withFailRate(0)
			.withSlowRate(0)
			.withPodRestart(Duration.ofMillis(50))
			.withApiLatencyRate(0.5)
			.withApiLatency(Duration.ofMillis(300))
			.withSeed(3)
			.withDirectory(elsewhere)); KubernetesClient client = client(slow.kubeconfig(), "us-east-1", 0)) {
			SimulatedCluster cluster = slow.clusters().get(0);
			List<Long> millis = new ArrayList<>();
			for (int i = 0; i < 30; i++) {
				long started = System.nanoTime();
				assertThat(client.apps().statefulSets().inNamespace(cluster.namespace()).withName(cluster.name()).get())
					.isNotNull();
				millis.add(Duration.ofNanos(System.nanoTime() - started).toMillis());
			}
			long delayed = millis.stream().filter((ms) -> ms >= 300).count();
			assertThat(delayed).as("answers held back 300 ms: %s", millis).isBetween(5L, 25L);
			assertThat(slow.delayedRequests()).isEqualTo((int) delayed);
		}
	}

	@Test
	void startsTenThousandClustersInSeconds(@TempDir Path elsewhere) {
		long started = System.nanoTime();
		try (SandboxFleet large = SandboxFleet
			.start(SandboxOptions.defaults().withClusters(10_000).withRegionCount(3).withDirectory(elsewhere));
				KubernetesClient client = client(large.kubeconfig(), "eu-west-1", 10)) {
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
			long served = large.contexts().stream().mapToLong((context) -> {
				try (KubernetesClient regional = client(large.kubeconfig(), context, 10)) {
					return regional.apps().statefulSets().inAnyNamespace().list().getItems().size();
				}
			}).sum();
			assertThat(served).isEqualTo(10_000);
			SimulatedCluster cluster = large.clusters()
				.stream()
				.filter((c) -> c.region().equals("eu-west-1") && !c.failing() && !c.slow()
						&& !c.version().equals("25.3"))
				.findFirst()
				.orElseThrow();
			RollableScalableResource<StatefulSet> resource = client.apps()
				.statefulSets()
				.inNamespace(cluster.namespace())
				.withName(cluster.name());
			resource.patch(PatchContext.of(PatchType.JSON), imagePatch(TARGET_IMAGE));
			await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
				StatefulSet statefulSet = resource.get();
				assertThat(statefulSet.getMetadata().getGeneration()).isEqualTo(2);
				assertThat(ready(statefulSet)).isTrue();
			});
		}
	}

	@Test
	void closeReleasesThePorts(@TempDir Path elsewhere) throws IOException {
		SandboxFleet small = SandboxFleet
			.start(SandboxOptions.defaults().withClusters(3).withRegionCount(2).withDirectory(elsewhere));
		List<Integer> ports = small.contexts()
			.stream()
			.map((context) -> URI.create(Config.fromKubeconfig(context, small.kubeconfig().toFile()).getMasterUrl())
				.getPort())
			.toList();

		small.close();

		for (int port : ports) {
			try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
				assertThat(socket.getLocalPort()).isEqualTo(port);
			}
		}
	}

	private static KubernetesClient client(Path kubeconfig, String context, int retries) {
		Config config = Config.fromKubeconfig(context, kubeconfig.toFile());
		config.setRequestRetryBackoffLimit(retries);
		return new KubernetesClientBuilder().withConfig(config).build();
	}

	private static RollableScalableResource<StatefulSet> resource(SimulatedCluster cluster) {
		return clients.get(cluster.region())
			.apps()
			.statefulSets()
			.inNamespace(cluster.namespace())
			.withName(cluster.name());
	}

	private static SimulatedCluster healthyCluster(int minimumReplicas, String version) {
		return fleet.clusters()
			.stream()
			.filter((cluster) -> !cluster.failing() && !cluster.slow())
			.filter((cluster) -> cluster.replicas() >= minimumReplicas && cluster.version().equals(version))
			.filter((cluster) -> fleet.patchCount(cluster.region(), cluster.namespace(), cluster.name()) == 0)
			.findFirst()
			.orElseThrow();
	}

	private static String imagePatch(String image) {
		return "[{\"op\":\"replace\",\"path\":\"/spec/template/spec/containers/0/image\",\"value\":\"" + image + "\"}]";
	}

	static boolean ready(StatefulSet statefulSet) {
		var status = statefulSet.getStatus();
		int replicas = statefulSet.getSpec().getReplicas();
		return status != null && status.getObservedGeneration() != null
				&& status.getObservedGeneration() >= statefulSet.getMetadata().getGeneration()
				&& Objects.equals(status.getUpdatedReplicas(), replicas)
				&& Objects.equals(status.getReadyReplicas(), replicas)
				&& Objects.equals(status.getCurrentRevision(), status.getUpdateRevision());
	}

}
