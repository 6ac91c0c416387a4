package io.flotilla.sandbox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SandboxBreaksIntegrationTests {

	private static final String BREAKING = "26.1";

	private static final long SEED = 7;

	@TempDir
	static Path directory;

	static SandboxFleet fleet;

	static Map<String, KubernetesClient> clients = new HashMap<>();

	static SimulatedCluster broken;

	static SimulatedCluster healthy;

	@BeforeAll
	static void startFleetAndUpgradeTwoClusters() {
		fleet = SandboxFleet.start(SandboxOptions.defaults()
			.withClusters(20)
			.withRegionCount(2)
			.withFailRate(0.0)
			.withSlowRate(0.0)
			.withPodRestart(Duration.ofMillis(50))
			.withSeed(SEED)
			.withDirectory(directory)
			.withBreaks(SandboxOptions.Breaks.parse(BREAKING + "=50%"))
			.withBreakAfter(Duration.ofSeconds(1)));
		fleet.contexts().forEach((context) -> clients.put(context, client(context)));
		SandboxOptions.Breaks breaks = SandboxOptions.Breaks.parse(BREAKING + "=50%");
		List<SimulatedCluster> clusters = fleet.clusters()
			.stream()
			.filter((cluster) -> cluster.replicas() > 1)
			.toList();
		broken = clusters.stream()
			.filter((cluster) -> breaks.breaks(SEED, cluster.namespace(), cluster.name(), BREAKING))
			.findFirst()
			.orElseThrow();
		healthy = clusters.stream()
			.filter((cluster) -> !breaks.breaks(SEED, cluster.namespace(), cluster.name(), BREAKING))
			.findFirst()
			.orElseThrow();
		for (SimulatedCluster cluster : List.of(broken, healthy)) {
			clients.get(cluster.region())
				.apps()
				.statefulSets()
				.inNamespace(cluster.namespace())
				.withName(cluster.name())
				.patch(PatchContext.of(PatchType.JSON),
						"[{\"op\":\"replace\",\"path\":\"/spec/template/spec/containers/0/image\",\"value\":\""
								+ ClusterManifests.IMAGE + ":" + BREAKING + "\"}]");
		}
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			for (SimulatedCluster cluster : List.of(broken, healthy)) {
				StatefulSet statefulSet = clients.get(cluster.region())
					.apps()
					.statefulSets()
					.inNamespace(cluster.namespace())
					.withName(cluster.name())
					.get();
				assertThat(SandboxFleetIntegrationTests.ready(statefulSet)).as(cluster.key()).isTrue();
			}
		});
	}

	@AfterAll
	static void stopFleet() {
		clients.values().forEach(KubernetesClient::close);
		fleet.close();
	}

	@Test
	void theBrokenClustersErrorCounterRisesInTheRegionsMetricsAndTheHealthyOnesStaysFlat() throws Exception {
		await().atMost(Duration.ofSeconds(5)).until(() -> errors(broken) > 0);
		long first = errors(broken);

		await().atMost(Duration.ofSeconds(5)).until(() -> errors(broken) > first);
		assertThat(errors(healthy)).isZero();
		String metrics = metrics(broken.region());
		assertThat(metrics).contains("# TYPE clickhouse_errors_total counter",
				"# TYPE clickhouse_queries_total counter", "clickhouse_version_info{namespace=\"" + broken.namespace()
						+ "\",name=\"" + broken.name() + "\",version=\"" + BREAKING + "\"} 1");
		assertThat(metrics.lines().filter((line) -> line.startsWith("clickhouse_errors_total{")))
			.hasSize((int) fleet.clusters().stream().filter((c) -> c.region().equals(broken.region())).count());
	}

	@Test
	void theBrokenClustersPodsLogLogicalErrorsAndTheHealthyOnesDoNot() {
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(log(broken, 1)).contains(
					"<Error> executeQuery: Code: 49. DB::Exception:" + " Logical error: ",
					"(LOGICAL_ERROR) (version " + BREAKING + ")"));

		assertThat(log(broken, 1)).contains("<Information> Application: Starting ClickHouse " + BREAKING);
		assertThat(log(healthy, 1)).contains("Starting ClickHouse " + BREAKING).doesNotContain("Logical error");
	}

	@Test
	void aPodOfTheBrokenClusterRestartsAgainAndAgainAndNoneOfTheHealthyOnes() {
		await().atMost(Duration.ofSeconds(5)).until(() -> restarts(broken).get(0) >= 1);
		int first = restarts(broken).get(0);

		await().atMost(Duration.ofSeconds(5)).until(() -> restarts(broken).get(0) > first);
		assertThat(restarts(healthy)).hasSize(healthy.replicas()).containsOnly(0);
		List<Pod> pods = pods(broken);
		assertThat(pods).hasSize(broken.replicas()).allSatisfy((pod) -> {
			assertThat(pod.getSpec().getContainers().get(0).getImage()).endsWith(":" + BREAKING);
			assertThat(pod.getStatus().getConditions()).anySatisfy((condition) -> {
				assertThat(condition.getType()).isEqualTo("Ready");
				assertThat(condition.getStatus()).isEqualTo("True");
			});
		});
		assertThat(clients.get(broken.region())
			.pods()
			.inNamespace(broken.namespace())
			.withName(broken.name() + "-0")
			.get()
			.getStatus()
			.getContainerStatuses()
			.get(0)
			.getRestartCount()).isGreaterThan(first);
		assertThat(clients.get(broken.region())
			.pods()
			.inNamespace(broken.namespace())
			.withName(broken.name() + "-" + broken.replicas())
			.get()).isNull();
		ContainerStatus restarted = pods(broken).stream()
			.filter((pod) -> pod.getMetadata().getName().equals(broken.name() + "-0"))
			.findFirst()
			.orElseThrow()
			.getStatus()
			.getContainerStatuses()
			.get(0);
		assertThat(restarted.getLastState().getTerminated().getFinishedAt())
			.isEqualTo(restarted.getState().getRunning().getStartedAt());
		assertThat(Instant.parse(restarted.getLastState().getTerminated().getFinishedAt()))
			.isAfter(Instant.parse(restarted.getLastState().getTerminated().getStartedAt()));
	}

	private static List<Pod> pods(SimulatedCluster cluster) {
		return clients.get(cluster.region())
			.pods()
			.inNamespace(cluster.namespace())
			.withLabels(Map.of("app.kubernetes.io/name", "clickhouse", "app.kubernetes.io/instance", cluster.name()))
			.list()
			.getItems();
	}

	private static List<Integer> restarts(SimulatedCluster cluster) {
		return pods(cluster).stream()
			.sorted(java.util.Comparator.comparing((Pod pod) -> pod.getMetadata().getName()))
			.map((pod) -> pod.getStatus().getContainerStatuses().get(0).getRestartCount())
			.toList();
	}

	private static String log(SimulatedCluster cluster, int ordinal) {
		return clients.get(cluster.region())
			.pods()
			.inNamespace(cluster.namespace())
			.withName(cluster.name() + "-" + ordinal)
			.getLog();
	}

	private static long errors(SimulatedCluster cluster) throws IOException, InterruptedException {
		Matcher matcher = Pattern
			.compile("(?m)^clickhouse_errors_total\\{namespace=\"" + cluster.namespace() + "\",name=\"" + cluster.name()
					+ "\"\\} (\\d+)$")
			.matcher(metrics(cluster.region()));
		assertThat(matcher.find()).as("a line for %s", cluster.key()).isTrue();
		return Long.parseLong(matcher.group(1));
	}

	private static String metrics(String context) throws IOException, InterruptedException {
		String server = Config.fromKubeconfig(context, fleet.kubeconfig().toFile()).getMasterUrl();
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(server.replaceAll("/$", "") + "/metrics")).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/plain"));
		return response.body();
	}

	private static KubernetesClient client(String context) {
		Config config = Config.fromKubeconfig(context, fleet.kubeconfig().toFile());
		return new KubernetesClientBuilder().withConfig(config).build();
	}

}
