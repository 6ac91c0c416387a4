package io.flotilla.web;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.flotilla.control.ClusterState;
import io.flotilla.control.ReleaseState;
import io.flotilla.release.ReleaseStatus;
import io.flotilla.sandbox.SandboxOptions;
import io.flotilla.support.ReleaseTables.ClusterRow;
import io.flotilla.support.ServerUnderTest;
import io.flotilla.support.SpringFleet;
import io.flotilla.support.TestFleets;
import io.flotilla.support.TestHttp.Response;
import io.flotilla.support.TestPlans;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A release's clusters a page at a time over real HTTP, checked against the rows the
 * release left in {@code flotilla_cluster}; and the release list's filters.
 */
class ClusterPagesIntegrationTests extends ServerUnderTest {

	private static final String RELEASE = "paged";

	private static final int CLUSTERS = 40;

	@RegisterExtension
	static final SpringFleet fleets = SpringFleet.of(TestFleets.healthy(CLUSTERS, SandboxOptions.regions(3)));

	@DynamicPropertySource
	static void flotilla(DynamicPropertyRegistry registry) {
		fleets.register(registry);
	}

	/**
	 * The clusters in the default order: the plan's stage order (pilot before fleet,
	 * which is not alphabetical), then context, namespace and name.
	 */
	private List<ClusterRow> rows;

	@BeforeEach
	void completedRelease() {
		if (this.http.get("/api/releases/" + RELEASE).status() == 404) {
			Response started = this.http.post("/api/releases",
					Map.of("planFile", "paged.yaml", "planText", plan(), "id", RELEASE));
			assertThat(started.status()).as(started.body()).isEqualTo(201);
		}
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(status().state()).isEqualTo(ReleaseState.COMPLETED));
		this.rows = this.tables.clusters(RELEASE)
			.stream()
			.sorted(Comparator.comparing((ClusterRow row) -> row.stage().equals("pilot") ? 0 : 1)
				.thenComparing(ClusterRow::key))
			.toList();
	}

	@Test
	void pagesSplitTheClustersInStageOrderAndEachSaysHowManyThereAre() {
		// when
		List<JsonNode> pages = new ArrayList<>();
		for (int page = 0; page <= 6; page++) {
			pages.add(get("/api/releases/paged/clusters?size=7&page=" + page));
		}

		// then
		assertThat(pages).allSatisfy((page) -> {
			assertThat(page.get("total").asLong()).isEqualTo(CLUSTERS);
			assertThat(page.get("size").asInt()).isEqualTo(7);
		});
		assertThat(pages).extracting((page) -> page.get("page").asInt()).containsExactly(0, 1, 2, 3, 4, 5, 6);
		assertThat(pages).extracting((page) -> page.get("items").size()).containsExactly(7, 7, 7, 7, 7, 5, 0);
		List<String> keys = pages.stream().flatMap((page) -> keys(page).stream()).toList();
		assertThat(keys).isEqualTo(this.rows.stream().map(ClusterRow::key).toList());
	}

	@Test
	void aClusterIsShownWithEverythingItsRowHolds() {
		// when
		JsonNode first = get("/api/releases/paged/clusters").get("items").get(0);

		// then
		ClusterRow row = this.rows.get(0);
		assertThat(first.get("context").asString()).isEqualTo(row.context()).isEqualTo("us-east-1");
		assertThat(first.get("namespace").asString()).isEqualTo(row.namespace());
		assertThat(first.get("name").asString()).isEqualTo(row.name());
		assertThat(first.get("stage").asString()).isEqualTo("pilot");
		assertThat(first.get("group").asString()).isEqualTo("east");
		assertThat(first.get("wave").asInt()).isEqualTo(row.wave());
		assertThat(first.get("state").asString()).isEqualTo(row.state().name());
		assertThat(first.get("fromVersion").asString()).isEqualTo(row.fromVersion());
		assertThat(first.get("toVersion").asString()).isEqualTo("25.3");
		assertThat(Instant.parse(first.get("updatedAt").asString())).isEqualTo(row.updatedAt());
	}

	@Test
	void withoutPagingParametersAPageIsTheFirstFifty() {
		// when
		JsonNode page = get("/api/releases/paged/clusters");

		// then
		assertThat(page.get("page").asInt()).isZero();
		assertThat(page.get("size").asInt()).isEqualTo(50);
		assertThat(page.get("items").size()).isEqualTo(CLUSTERS);
	}

	@Test
	void theStateFilterIgnoresCase() {
		// given
		List<String> upgraded = keysOf(this.rows.stream().filter((row) -> row.state() == ClusterState.UPGRADED));

		// when
		JsonNode page = get("/api/releases/paged/clusters?state=upgraded&size=500");

		// then
		assertThat(upgraded).isNotEmpty();
		assertThat(keys(page)).isEqualTo(upgraded);
		assertThat(page.get("total").asLong()).isEqualTo(upgraded.size());
	}

	@Test
	void theStageAndGroupFiltersShowOnlyTheirClusters() {
		// when
		JsonNode pilot = get("/api/releases/paged/clusters?stage=pilot");
		JsonNode south = get("/api/releases/paged/clusters?group=south");
		JsonNode fleetSouth = get("/api/releases/paged/clusters?stage=fleet&group=south");
		JsonNode pilotSouth = get("/api/releases/paged/clusters?stage=pilot&group=south");

		// then
		assertThat(keys(pilot)).isNotEmpty()
			.isEqualTo(keysOf(this.rows.stream().filter((row) -> row.stage().equals("pilot"))));
		assertThat(keys(south)).isNotEmpty()
			.isEqualTo(keysOf(this.rows.stream().filter((row) -> row.group().equals("south"))));
		assertThat(keys(fleetSouth)).isEqualTo(keys(south));
		assertThat(pilotSouth.get("total").asLong()).isZero();
	}

	@Test
	void theTextFilterMatchesASubstringOfContextNamespaceOrNameIgnoringCase() {
		// when
		JsonNode tenant = get("/api/releases/paged/clusters?q=TENANT-000&size=500");
		JsonNode context = get("/api/releases/paged/clusters?q=West-1");
		JsonNode name = get("/api/releases/paged/clusters?q=house-LOGS");

		// then
		assertThat(keys(tenant)).isNotEmpty()
			.isEqualTo(keysOf(this.rows.stream().filter((row) -> row.namespace().startsWith("tenant-000"))));
		assertThat(keys(context)).isNotEmpty()
			.isEqualTo(keysOf(this.rows.stream().filter((row) -> row.context().equals("eu-west-1"))));
		assertThat(keys(name)).isNotEmpty()
			.isEqualTo(keysOf(this.rows.stream().filter((row) -> row.name().equals("clickhouse-logs"))));
	}

	@Test
	void percentAndUnderscoreInTheTextAreLiteralNotWildcards() {
		// when
		JsonNode percent = get("/api/releases/paged/clusters?q=%25");
		JsonNode underscore = get("/api/releases/paged/clusters?q=clickhouse_");
		JsonNode hyphen = get("/api/releases/paged/clusters?q=clickhouse-");

		// then
		assertThat(percent.get("total").asLong()).isZero();
		assertThat(underscore.get("total").asLong()).isZero();
		assertThat(hyphen.get("total").asLong()).isEqualTo(CLUSTERS);
	}

	@Test
	void theNameSortRunsByContextNamespaceAndNameEitherWay() {
		// given
		List<String> byKey = this.rows.stream().map(ClusterRow::key).sorted().toList();
		List<String> byKeyBackwards = this.rows.stream()
			.map(ClusterRow::key)
			.sorted(Comparator.reverseOrder())
			.toList();

		// when
		JsonNode ascending = get("/api/releases/paged/clusters?sort=name");
		JsonNode descending = get("/api/releases/paged/clusters?sort=NAME,desc&size=3");

		// then
		assertThat(keys(ascending)).isEqualTo(byKey);
		assertThat(keys(descending)).isEqualTo(byKeyBackwards.subList(0, 3));
	}

	@Test
	void theWaveStateAndUpdatedSortsBreakTiesInStageOrder() {
		// given
		Comparator<ClusterRow> stageOrder = Comparator.comparing(this.rows::indexOf);

		// when
		JsonNode byWave = get("/api/releases/paged/clusters?sort=wave,desc");
		JsonNode byState = get("/api/releases/paged/clusters?sort=state");
		JsonNode byUpdated = get("/api/releases/paged/clusters?sort=updated,asc");

		// then
		assertThat(keys(byWave)).isEqualTo(keysOf(this.rows.stream()
			.sorted(Comparator.comparing(ClusterRow::wave).reversed().thenComparing(stageOrder))));
		assertThat(keys(byState)).isEqualTo(
				keysOf(this.rows.stream().sorted(Comparator.comparing(ClusterRow::state).thenComparing(stageOrder))));
		assertThat(keys(byUpdated)).isEqualTo(keysOf(
				this.rows.stream().sorted(Comparator.comparing(ClusterRow::updatedAt).thenComparing(stageOrder))));
	}

	@Test
	void aBadParameterIsAProblemDocumentNamingItAndWhatItTakes() {
		assertRefused("state=DONE", "parameter 'state' cannot be 'DONE': it takes one of PENDING, UPGRADED, "
				+ "ALREADY_CURRENT, SKIPPED_NEWER, SKIPPED_CLAIMED, SKIPPED_UNHEALTHY, UNHEALTHY, FAILED");
		assertRefused("sort=colour",
				"parameter 'sort' cannot be 'colour': it takes one of stage, name, state, wave, updated, "
						+ "optionally followed by ,asc or ,desc");
		assertRefused("sort=name,sideways",
				"parameter 'sort' cannot be 'name,sideways': it takes a direction of asc or desc after the comma");
		assertRefused("page=-1", "parameter 'page' cannot be '-1': it takes a whole number from 0");
		assertRefused("size=501", "parameter 'size' cannot be '501': it takes a whole number from 1 to 500");
		assertRefused("size=0", "parameter 'size' cannot be '0': it takes a whole number from 1 to 500");
		assertRefused("page=two", "parameter 'page' cannot be 'two': it takes a whole number from 0");
	}

	@Test
	void theClustersOfAnUnknownReleaseAreNotFound() {
		// when
		Response response = this.http.get("/api/releases/no-such-release/clusters");

		// then
		assertThat(response.status()).isEqualTo(404);
		assertThat(response.json().get("detail").asString()).isEqualTo("no release with id 'no-such-release'");
	}

	@Test
	void anAnonymousCallerIsRefused() {
		// when
		Response response = this.anonymous.get("/api/releases/paged/clusters");

		// then
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.body()).doesNotContain("us-east-1");
	}

	@Test
	void theReleaseListFiltersByStatesAndPlan() {
		// when
		List<String> completed = ids("/api/releases?state=completed");
		List<String> completedOrRunning = ids("/api/releases?state=RUNNING,%20completed");
		List<String> runningOrPaused = ids("/api/releases?state=running,paused");
		List<String> ofPlan = ids("/api/releases?plan=paged");
		List<String> ofOtherPlan = ids("/api/releases?plan=other&state=completed");

		// then
		assertThat(completed).containsExactly(RELEASE);
		assertThat(completedOrRunning).containsExactly(RELEASE);
		assertThat(runningOrPaused).isEmpty();
		assertThat(ofPlan).containsExactly(RELEASE);
		assertThat(ofOtherPlan).isEmpty();
	}

	@Test
	void anUnknownReleaseStateInTheListIsRefused() {
		// when
		Response response = this.http.get("/api/releases?state=completed,finished");

		// then
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().get("detail").asString())
			.startsWith("parameter 'state' cannot be 'finished': it takes one or more of STARTING, RUNNING,")
			.endsWith(", comma separated");
	}

	private void assertRefused(String query, String detail) {
		Response response = this.http.get("/api/releases/paged/clusters?" + query);
		assertThat(response.status()).as(query).isEqualTo(400);
		assertThat(response.contentType()).as(query).startsWith("application/problem+json");
		assertThat(response.json().get("status").asInt()).isEqualTo(400);
		assertThat(response.json().get("detail").asString()).as(query).isEqualTo(detail);
	}

	private JsonNode get(String path) {
		Response response = this.http.get(path);
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response.json();
	}

	private List<String> ids(String path) {
		return get(path).valueStream().map((release) -> release.get("id").asString()).toList();
	}

	private ReleaseStatus status() {
		Response response = this.http.get("/api/releases/" + RELEASE);
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response.as(ReleaseStatus.class);
	}

	private static List<String> keys(JsonNode page) {
		return page.get("items")
			.valueStream()
			.map((item) -> item.get("context").asString() + "/" + item.get("namespace").asString() + "/"
					+ item.get("name").asString())
			.toList();
	}

	private static List<String> keysOf(Stream<ClusterRow> rows) {
		return rows.map(ClusterRow::key).toList();
	}

	private static String plan() {
		return TestPlans.plan(RELEASE, """
				defaults:
				  readyTimeout: 30s
				stages:
				  - name: pilot
				    firstWaveSize: 1
				    waveSize: 4
				    parallelism: 4
				    groups:
				      - name: east
				        contexts: [us-east-1]
				  - name: fleet
				    waveSize: 5
				    parallelism: 5
				    groups:
				      - name: west
				        contexts: [eu-west-1]
				      - name: south
				        contexts: [ap-south-1]
				""");
	}

}
