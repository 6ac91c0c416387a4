package io.flotilla.fleet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.flotilla.calendar.OpenHours;
import io.flotilla.plan.Change;
import io.flotilla.plan.Change.Operation;
import io.flotilla.plan.FieldPath;
import io.flotilla.plan.OnConflict;
import io.flotilla.plan.Plan;
import io.flotilla.plan.Readiness;
import io.flotilla.plan.RestartPolicy;
import io.flotilla.plan.Target;
import io.flotilla.plan.VersionOrder;
import io.flotilla.plan.VersionSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * {@link Fleet} against fabric8's Kubernetes API in CRUD mode, reached through a
 * kubeconfig file. The test plays the StatefulSet controller (or the ClickHouse operator)
 * by writing the status a real one would write after a patch.
 */
class FleetIntegrationTests {

	/** When the test's clusters became pending: before any patch a test makes. */
	private static final Instant START = Instant.EPOCH;

	private static final String IMAGE = "spec.template.spec.containers[name=clickhouse].image";

	private static final VersionSpec VERSION = new VersionSpec(FieldPath.parse(IMAGE), Pattern.compile(":([^:]+)$"),
			"24.8", VersionOrder.NUMERIC, false);

	private static final String RELEASE = "release-1";

	@TempDir
	Path directory;

	private FaultyKubernetesApi api;

	private NamespacedKubernetesClient kube;

	private Fleet fleet;

	@BeforeEach
	void startKubernetesApi() throws Exception {
		this.api = new FaultyKubernetesApi();
		this.kube = this.api.client();
		Path kubeconfig = this.directory.resolve("kubeconfig");
		Files.writeString(kubeconfig, """
				apiVersion: v1
				kind: Config
				clusters:
				- name: mock
				  cluster:
				    server: %s
				users:
				- name: flotilla
				  user:
				    token: secret
				contexts:
				- name: eu
				  context:
				    cluster: mock
				    user: flotilla
				- name: us
				  context:
				    cluster: mock
				    user: flotilla
				current-context: us
				""".formatted(this.api.url()));
		this.fleet = new Fleet(
				new FleetSettings(kubeconfig, 3, Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofSeconds(5)),
				3);
	}

	@AfterEach
	void stopKubernetesApi() {
		this.fleet.close();
		this.kube.close();
		this.api.close();
	}

	@Test
	void inventoryPagesThroughMatchingClustersOfAllOrSomeNamespaces() {
		for (int i = 0; i < 4; i++) {
			create(aStatefulSet("tenant-a", "ch-" + i, "24.3"));
			create(aStatefulSet("tenant-b", "ch-" + i, "24.4"));
		}
		StatefulSet other = aStatefulSet("tenant-a", "pg-0", "16");
		other.getMetadata().setLabels(Map.of("app", "postgres"));
		create(other);

		List<ClusterRef> all = clusters(this.fleet.inventory(Target.STATEFUL_SET, Map.of("app", "clickhouse"), "eu",
				List.of(), VERSION, Readiness.STATEFUL_SET));
		List<ClusterRef> tenantB = clusters(this.fleet.inventory(Target.STATEFUL_SET, Map.of("app", "clickhouse"), "eu",
				List.of("tenant-b"), VERSION, Readiness.STATEFUL_SET));

		assertThat(this.fleet.contexts()).containsExactly("eu", "us");
		assertThat(all).hasSize(8)
			.extracting(ClusterRef::key)
			.startsWith("eu/tenant-a/ch-0")
			.endsWith("eu/tenant-b/ch-3");
		assertThat(all).filteredOn((cluster) -> cluster.namespace().equals("tenant-a"))
			.extracting(ClusterRef::version)
			.containsOnly("24.3");
		assertThat(tenantB).hasSize(4).extracting(ClusterRef::version).containsOnly("24.4");
	}

	@Test
	void inventoryOfAnUnknownContextNamesTheKnownOnes() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.fleet.inventory(Target.STATEFUL_SET, Map.of(), "ap", List.of(), VERSION,
					Readiness.STATEFUL_SET))
			.withMessageContaining("'ap'")
			.withMessageContaining("eu, us");
	}

	@Test
	void upgradeSendsOnePatchAndWaitsForTheRollout() throws Exception {
		create(aStatefulSet("tenant-a", "ch-0", "24.3"));

		UpgradeResult result = upgradeWhileControllerRollsOut(cluster("ch-0"), request(Duration.ofSeconds(2)));

		assertThat(result).isEqualTo(new UpgradeResult(Outcome.UPGRADED, "24.3", null, true));
		assertThat(this.api.patchRequests()).isOne();
		StatefulSet live = get("ch-0");
		assertThat(live.getSpec().getTemplate().getSpec().getContainers())
			.extracting((container) -> container.getImage())
			.containsExactly("busybox:1.36", "clickhouse/clickhouse-server:24.8");
		assertThat(live.getMetadata().getAnnotations()).containsEntry("flotilla.io/release", RELEASE);
		Instant patchedAt = Instant.parse(live.getMetadata().getAnnotations().get("flotilla.io/patched-at"));
		assertThat(patchedAt).isBetween(Instant.now().minusSeconds(10), Instant.now());
	}

	@Test
	void upgradeOfAClusterAtTheTargetChangesNothing() {
		create(aStatefulSet("tenant-a", "ch-0", "24.8"));

		UpgradeResult result = this.fleet.upgrade(cluster("ch-0"), request(Duration.ofSeconds(1)), START);

		assertThat(result).isEqualTo(new UpgradeResult(Outcome.ALREADY_CURRENT, "24.8", null, false));
		assertThat(this.api.patchRequests()).isZero();
	}

	@Test
	void inventoryTellsWhetherEachClusterIsReadyNow() {
		create(aStatefulSet("tenant-a", "ch-0", "24.8"));
		create(aStatefulSet("tenant-a", "ch-1", "24.8"));
		setStatus("ch-1", get("ch-1").getMetadata().getGeneration(), 2, 3, "rev-1", "rev-1");

		List<ListedCluster> listed = this.fleet.inventory(Target.STATEFUL_SET, Map.of("app", "clickhouse"), "eu",
				List.of(), VERSION, Readiness.STATEFUL_SET);

		assertThat(listed).extracting((cluster) -> cluster.cluster().name(), ListedCluster::ready)
			.containsExactly(tuple("ch-0", true), tuple("ch-1", false));
	}

	@Test
	void aClusterAtTheTargetButNotReadyIsAwaitedAndThenCurrent() throws Exception {
		create(aStatefulSet("tenant-a", "ch-0", "24.8"));
		setStatus("ch-0", get("ch-0").getMetadata().getGeneration(), 1, 3, "rev-1", "rev-1");

		CompletableFuture<UpgradeResult> result = CompletableFuture
			.supplyAsync(() -> this.fleet.upgrade(cluster("ch-0"), request(Duration.ofSeconds(5)), START));
		await().atMost(Duration.ofSeconds(2)).until(() -> this.api.watchRequests() > 0);
		rollOut("ch-0");

		assertThat(result.get(6, TimeUnit.SECONDS))
			.isEqualTo(new UpgradeResult(Outcome.ALREADY_CURRENT, "24.8", null, false));
		assertThat(this.api.patchRequests()).isZero();
	}

	@Test
	void aClusterAtTheTargetThatStaysUnreadyFailsWithWhatIsMissing() {
		create(aStatefulSet("tenant-a", "ch-0", "24.8"));
		setStatus("ch-0", get("ch-0").getMetadata().getGeneration(), 1, 3, "rev-1", "rev-1");

		UpgradeResult result = this.fleet.upgrade(cluster("ch-0"), request(Duration.ofSeconds(1)), START);

		assertThat(result).isEqualTo(new UpgradeResult(Outcome.FAILED, "24.8",
				"not ready after 1s: readyReplicas 1/3, updatedReplicas 3/3", false));
		assertThat(this.api.patchRequests()).isZero();
	}

	@Test
	void aClusterNewerThanTheTargetIsLeftAloneWithBothVersions() {
		create(aStatefulSet("tenant-a", "ch-0", "25.3.2.47465"));

		UpgradeResult result = this.fleet.upgrade(cluster("ch-0"), request(Duration.ofSeconds(1)), START);

		assertThat(result).isEqualTo(new UpgradeResult(Outcome.SKIPPED_NEWER, "25.3.2.47465",
				"at 25.3.2.47465, newer than the target 24.8; the plan allows no downgrade", false));
		assertThat(this.api.patchRequests()).isZero();
	}

	@Test
	void aClusterNewerThanTheTargetIsDowngradedWhenThePlanAllowsIt() throws Exception {
		create(aStatefulSet("tenant-a", "ch-0", "25.3"));
		VersionSpec downgrading = new VersionSpec(VERSION.path(), VERSION.pattern(), VERSION.target(),
				VersionOrder.NUMERIC, true);

		UpgradeResult result = upgradeWhileControllerRollsOut(cluster("ch-0"),
				request(Duration.ofSeconds(2), downgrading));

		assertThat(result).isEqualTo(new UpgradeResult(Outcome.UPGRADED, "25.3", null, true));
		assertThat(this.api.patchRequests()).isOne();
	}

	@Test
	void upgradeAfterACrashAwaitsItsOwnEarlierPatchWithoutPatchingAgain() throws Exception {
		StatefulSet patchedBeforeCrash = aStatefulSet("tenant-a", "ch-0", "24.8");
		patchedBeforeCrash.getMetadata().setAnnotations(Map.of("flotilla.io/release", RELEASE));
		create(patchedBeforeCrash);
		setStatus("ch-0", 0, 1, 0, "rev-0", "rev-1");

		CompletableFuture<UpgradeResult> result = CompletableFuture
			.supplyAsync(() -> this.fleet.upgrade(cluster("ch-0"), request(Duration.ofSeconds(2)), START));
		rollOut("ch-0");

		assertThat(result.get(3, TimeUnit.SECONDS)).isEqualTo(new UpgradeResult(Outcome.UPGRADED, "24.8", null, false));
		assertThat(this.api.patchRequests()).isZero();
	}

	@Test
	void aClusterItsEarlierPatchLeftNotReadyPastTheReadyTimeoutFailsAtOnceWithoutAFreshWait() {
		Instant patchedAt = Instant.now().minusSeconds(30).truncatedTo(ChronoUnit.SECONDS);
		createNotReadyPatchedAt(patchedAt);
		long started = System.nanoTime();

		PriorChange prior = this.fleet.priorChange(cluster("ch-0"), request(Duration.ofSeconds(20)), START);
		UpgradeResult result = this.fleet.upgrade(cluster("ch-0"), request(Duration.ofSeconds(20)), START);

		assertThat(prior).isEqualTo(PriorChange.SETTLED);
		assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
		assertThat(result.reason()).startsWith(
				"not ready within 20s of its patch at " + patchedAt + ": observedGeneration 0/1, readyReplicas");
		assertThat(Duration.ofNanos(System.nanoTime() - started)).as("no fresh 20 s wait")
			.isLessThan(Duration.ofSeconds(10));
		assertThat(this.api.patchRequests()).isZero();
	}

	@Test
	void aClusterItsEarlierPatchLeftWaitsOnlyForWhatIsLeftOfItsDeadline() {
		Instant patchedAt = Instant.now().minusSeconds(2);
		createNotReadyPatchedAt(patchedAt);

		PriorChange prior = this.fleet.priorChange(cluster("ch-0"), request(Duration.ofSeconds(4)), START);
		UpgradeResult result = this.fleet.upgrade(cluster("ch-0"), request(Duration.ofSeconds(4)), START);

		assertThat(prior).isEqualTo(PriorChange.IN_FLIGHT);
		assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
		assertThat(Instant.now()).as("failed when the patch's deadline passed, not 4 s after this wait began")
			.isBetween(patchedAt.plusSeconds(4), patchedAt.plusMillis(5500));
	}

	@Test
	void aClusterAResetPutBackAfterItsPatchGetsItsDeadlineFromTheReset() {
		createNotReadyPatchedAt(Instant.now().minusSeconds(60));
		Instant resetAt = Instant.now();

		PriorChange prior = this.fleet.priorChange(cluster("ch-0"), request(Duration.ofSeconds(3)), resetAt);
		UpgradeResult result = this.fleet.upgrade(cluster("ch-0"), request(Duration.ofSeconds(3)), resetAt);

		assertThat(prior).isEqualTo(PriorChange.IN_FLIGHT);
		assertThat(result.reason()).startsWith("not ready within 3s of its reset at " + resetAt + ": ");
		assertThat(Instant.now()).as("awaited until 3 s after the reset").isAfterOrEqualTo(resetAt.plusSeconds(3));
	}

	@Test
	void aClusterItsEarlierPatchLeftReadyIsSettledAndAClusterNotPatchedByTheReleaseIsNot() {
		StatefulSet ready = aStatefulSet("tenant-a", "ch-0", "24.8");
		ready.getMetadata().setAnnotations(Map.of("flotilla.io/release", RELEASE));
		create(ready);
		create(aStatefulSet("tenant-a", "ch-1", "24.3"));

		assertThat(this.fleet.priorChange(cluster("ch-0"), request(Duration.ofSeconds(4)), START))
			.isEqualTo(PriorChange.SETTLED);
		assertThat(this.fleet.priorChange(cluster("ch-1"), request(Duration.ofSeconds(4)), START))
			.isEqualTo(PriorChange.NONE);
		assertThat(this.fleet.priorChange(cluster("ch-missing"), request(Duration.ofSeconds(4)), START))
			.isEqualTo(PriorChange.NONE);
	}

	@Test
	void upgradeFailsWithWhatIsMissingWhenNotReadyInTime() {
		create(aStatefulSet("tenant-a", "ch-0", "24.3"));

		CompletableFuture<UpgradeResult> result = CompletableFuture
			.supplyAsync(() -> this.fleet.upgrade(cluster("ch-0"), request(Duration.ofSeconds(1)), START));
		awaitPatched("ch-0");
		setStatus("ch-0", get("ch-0").getMetadata().getGeneration(), 2, 3, "rev-1", "rev-2");

		assertThat(result.join()).satisfies((failed) -> {
			assertThat(failed.outcome()).isEqualTo(Outcome.FAILED);
			assertThat(failed.patched()).isTrue();
			assertThat(failed.reason()).isEqualTo(
					"not ready after 1s: readyReplicas 2/3, updatedReplicas 3/3, currentRevision rev-1 is not updateRevision rev-2");
		});
	}

	@Test
	void upgradeRetriesPatchesTheServerRefused() throws Exception {
		create(aStatefulSet("tenant-a", "ch-0", "24.3"));
		this.api.failPatches(429, 503);

		UpgradeResult result = upgradeWhileControllerRollsOut(cluster("ch-0"), request(Duration.ofSeconds(2)));

		assertThat(result.outcome()).isEqualTo(Outcome.UPGRADED);
		assertThat(this.api.patchRequests()).isEqualTo(3);
	}

	@Test
	void upgradeDoesNotResendAPatchTheServerAppliedBeforeFailing() throws Exception {
		create(aStatefulSet("tenant-a", "ch-0", "24.3"));
		this.api.failNextPatchAfterApplying();

		UpgradeResult result = upgradeWhileControllerRollsOut(cluster("ch-0"), request(Duration.ofSeconds(2)));

		assertThat(result).isEqualTo(new UpgradeResult(Outcome.UPGRADED, "24.3", null, true));
		assertThat(this.api.patchRequests()).isOne();
	}

	@Test
	void upgradeFailsWhenTheApiStaysUnavailable() {
		create(aStatefulSet("tenant-a", "ch-0", "24.3"));
		this.api.failAllPatches(500);

		UpgradeResult result = this.fleet.upgrade(cluster("ch-0"), request(Duration.ofSeconds(1)), START);

		assertThat(result).isEqualTo(new UpgradeResult(Outcome.FAILED, "24.3",
				"patch: Kubernetes API unavailable after 3 attempts: 500 injected", false));
		assertThat(this.api.patchRequests()).isEqualTo(3);
		assertThat(get("ch-0").getMetadata().getAnnotations()).isNullOrEmpty();
	}

	@Test
	void aCallTheApiRefusesFailsNamingTheOperationItRefused() {
		create(aStatefulSet("tenant-a", "ch-0", "24.3"));
		this.api.failAllPatches(422);

		UpgradeResult result = this.fleet.upgrade(cluster("ch-0"), request(Duration.ofSeconds(1)), START);

		assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
		assertThat(result.reason()).startsWith("patch refused by the API server: 422");
		assertThat(this.api.patchRequests()).isOne();
	}

	@Test
	void upgradeOfAMissingResourceFails() {
		UpgradeResult result = this.fleet.upgrade(cluster("ch-9"), request(Duration.ofSeconds(1)), START);

		assertThat(result).isEqualTo(new UpgradeResult(Outcome.FAILED, null, "resource not found", false));
	}

	@Test
	void upgradeFailsWithoutPatchingWhenAListItemPickedByKeyIsMissing() {
		create(aStatefulSet("tenant-a", "ch-0", "24.3"));
		UpgradeRequest request = new UpgradeRequest(RELEASE, Target.STATEFUL_SET, VERSION,
				List.of(new Change(Operation.ADD_OR_UPDATE,
						FieldPath.parse("spec.template.spec.containers[name=keeper].image"), "clickhouse/keeper:24.8")),
				Readiness.STATEFUL_SET, Duration.ofSeconds(1));

		UpgradeResult result = this.fleet.upgrade(cluster("ch-0"), request, START);

		assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
		assertThat(result.reason())
			.isEqualTo("spec.template.spec.containers[name=keeper].image: no list item name=keeper in containers");
		assertThat(this.api.patchRequests()).isZero();
	}

	@Test
	void upgradeOfACustomResourceWaitsForItsStatusField() throws Exception {
		String image = "spec.templates.podTemplates[name=default].spec.containers[name=clickhouse].image";
		Target installation = new Target("clickhouse.altinity.com/v1", "ClickHouseInstallation");
		GenericKubernetesResource created = clickHouseInstallations().resource(new GenericKubernetesResourceBuilder()
			.withApiVersion(installation.apiVersion())
			.withKind(installation.kind())
			.withNewMetadata()
			.withNamespace("tenant-a")
			.withName("chi-0")
			.endMetadata()
			.addToAdditionalProperties("spec", Map.of("templates", Map.of("podTemplates",
					List.of(Map.of("name", "default", "spec",
							Map.of("containers", List.of(Map.of("name", "clickhouse", "image", "clickhouse:24.3"))))))))
			.build()).create();
		setInstallationStatus(created.getMetadata().getGeneration(), "Completed");
		VersionSpec version = new VersionSpec(FieldPath.parse(image), Pattern.compile(":([^:]+)$"), "24.8",
				VersionOrder.NUMERIC, false);
		UpgradeRequest request = new UpgradeRequest(RELEASE, installation, version,
				List.of(new Change(Operation.ADD_OR_UPDATE, FieldPath.parse(image), "clickhouse:24.8")),
				new Readiness(FieldPath.parse("status.status"), "Completed"), Duration.ofSeconds(2));

		CompletableFuture<UpgradeResult> result = CompletableFuture
			.supplyAsync(() -> this.fleet.upgrade(new ClusterRef("eu", "tenant-a", "chi-0", "24.3"), request, START));
		await().atMost(Duration.ofSeconds(2))
			.until(() -> clickHouseInstallations().withName("chi-0").get().getMetadata().getGeneration() == 2);
		setInstallationStatus(2L, "InProgress");
		setInstallationStatus(2L, "Completed");

		assertThat(result.get(3, TimeUnit.SECONDS)).isEqualTo(new UpgradeResult(Outcome.UPGRADED, "24.3", null, true));
		assertThat(this.api.patchRequests()).isOne();
		assertThat(version.path()
			.read(this.kube.getKubernetesSerialization()
				.convertValue(clickHouseInstallations().withName("chi-0").get(), Map.class)))
			.contains("clickhouse:24.8");
	}

	private UpgradeResult upgradeWhileControllerRollsOut(ClusterRef cluster, UpgradeRequest request) throws Exception {
		CompletableFuture<UpgradeResult> result = CompletableFuture
			.supplyAsync(() -> this.fleet.upgrade(cluster, request, START));
		awaitPatched(cluster.name());
		rollOut(cluster.name());
		return result.get(3, TimeUnit.SECONDS);
	}

	private UpgradeRequest request(Duration readyTimeout) {
		return request(readyTimeout, VERSION);
	}

	private UpgradeRequest request(Duration readyTimeout, VersionSpec version) {
		Plan plan = new Plan("clickhouse", Target.STATEFUL_SET, Map.of("app", "clickhouse"), List.of(), version,
				List.of(new Change(Operation.ADD_OR_UPDATE, FieldPath.parse(IMAGE),
						"clickhouse/clickhouse-server:24.8")),
				Readiness.STATEFUL_SET, List.of(), false, List.of(), OnConflict.REFUSE, OpenHours.ALWAYS,
				RestartPolicy.NONE, List.of());
		return UpgradeRequest.of(RELEASE, plan, readyTimeout);
	}

	private static List<ClusterRef> clusters(List<ListedCluster> listed) {
		return listed.stream().map(ListedCluster::cluster).toList();
	}

	private static ClusterRef cluster(String name) {
		return new ClusterRef("eu", "tenant-a", name, null);
	}

	private static StatefulSet aStatefulSet(String namespace, String name, String version) {
		return new StatefulSetBuilder().withNewMetadata()
			.withNamespace(namespace)
			.withName(name)
			.addToLabels("app", "clickhouse")
			.endMetadata()
			.withNewSpec()
			.withReplicas(3)
			.withNewTemplate()
			.withNewSpec()
			.addNewContainer()
			.withName("sidecar")
			.withImage("busybox:1.36")
			.endContainer()
			.addNewContainer()
			.withName("clickhouse")
			.withImage("clickhouse/clickhouse-server:" + version)
			.endContainer()
			.endSpec()
			.endTemplate()
			.endSpec()
			.build();
	}

	/**
	 * Cluster ch-0 as an execution that died left it: patched to the target by this
	 * release at the given time, and not ready.
	 */
	private void createNotReadyPatchedAt(Instant patchedAt) {
		StatefulSet patched = aStatefulSet("tenant-a", "ch-0", "24.8");
		patched.getMetadata()
			.setAnnotations(Map.of("flotilla.io/release", RELEASE, "flotilla.io/patched-at", patchedAt.toString()));
		create(patched);
		setStatus("ch-0", 0, 1, 0, "rev-0", "rev-1");
	}

	private void create(StatefulSet statefulSet) {
		StatefulSet created = this.kube.apps().statefulSets().resource(statefulSet).create();
		setStatus(created.getMetadata().getNamespace(), created.getMetadata().getName(),
				created.getMetadata().getGeneration(), 3, 3, "rev-1", "rev-1");
	}

	private StatefulSet get(String name) {
		return this.kube.apps().statefulSets().inNamespace("tenant-a").withName(name).get();
	}

	private void awaitPatched(String name) {
		await().atMost(Duration.ofSeconds(2))
			.until(() -> get(name).getMetadata().getAnnotations() != null
					&& RELEASE.equals(get(name).getMetadata().getAnnotations().get("flotilla.io/release")));
	}

	/**
	 * What the StatefulSet controller reports once every pod runs the new spec.
	 */
	private void rollOut(String name) {
		setStatus(name, get(name).getMetadata().getGeneration(), 3, 3, "rev-2", "rev-2");
	}

	private void setStatus(String name, long observedGeneration, int ready, int updated, String current,
			String update) {
		setStatus("tenant-a", name, observedGeneration, ready, updated, current, update);
	}

	private void setStatus(String namespace, String name, long observedGeneration, int ready, int updated,
			String current, String update) {
		StatefulSet live = this.kube.apps().statefulSets().inNamespace(namespace).withName(name).get();
		live.setStatus(new StatefulSetStatusBuilder().withObservedGeneration(observedGeneration)
			.withReplicas(3)
			.withReadyReplicas(ready)
			.withUpdatedReplicas(updated)
			.withCurrentRevision(current)
			.withUpdateRevision(update)
			.build());
		this.kube.apps().statefulSets().resource(live).updateStatus();
	}

	private NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> clickHouseInstallations() {
		return this.kube.genericKubernetesResources(FaultyKubernetesApi.CLICKHOUSE).inNamespace("tenant-a");
	}

	private void setInstallationStatus(long observedGeneration, String status) {
		GenericKubernetesResource live = clickHouseInstallations().withName("chi-0").get();
		live.setAdditionalProperty("status", Map.of("status", status, "observedGeneration", observedGeneration));
		clickHouseInstallations().resource(live).updateStatus();
	}

}
