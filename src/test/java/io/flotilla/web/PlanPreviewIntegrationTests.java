package io.flotilla.web;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.flotilla.control.ReleaseState;
import io.flotilla.fleet.Fleet;
import io.flotilla.fleet.FleetSettings;
import io.flotilla.plan.yaml.PlanLoader;
import io.flotilla.release.FleetSnapshot;
import io.flotilla.release.PlannedCluster;
import io.flotilla.release.WavePlanner;
import io.flotilla.sandbox.SandboxOptions;
import io.flotilla.support.ServerUnderTest;
import io.flotilla.support.SpringFleet;
import io.flotilla.support.TestActors;
import io.flotilla.support.TestFleets;
import io.flotilla.support.TestHttp;
import io.flotilla.support.TestHttp.Response;
import io.flotilla.support.TestPlans;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The server's dry run over real HTTP, checked against what {@link WavePlanner} makes of
 * the same plan and fleet; an invalid plan's problems with their places; and the OpenAPI
 * document and UI behind login.
 */
class PlanPreviewIntegrationTests extends ServerUnderTest {

	@RegisterExtension
	static final SpringFleet fleets = SpringFleet.of(TestFleets.healthy(20, SandboxOptions.regions(2)));

	@DynamicPropertySource
	static void flotilla(DynamicPropertyRegistry registry) {
		fleets.register(registry);
	}

	@Test
	void aViewerSeesTheStagesWavesCountsAndVersionsTheWavePlannerMakes() {
		// given
		FleetSnapshot expected = plannedOffline(plan("preview", ""));
		int releases = this.tables.releaseCount();

		// when
		Response response = as(TestActors.viewer("vera")).post("/api/plans/preview",
				Map.of("planFile", "preview.yaml", "planText", plan("preview", "")));

		// then
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		JsonNode preview = response.json();
		assertThat(preview.get("plan").asString()).isEqualTo("preview");
		assertThat(preview.get("targetVersion").asString()).isEqualTo("25.3");
		JsonNode stages = preview.get("stages");
		assertThat(stages.valueStream().map((stage) -> stage.get("name").asString())).containsExactly("pilot", "fleet");
		for (JsonNode stage : stages) {
			assertStageIsPlanned(stage, expected);
		}
		assertThat(stages.valueStream().mapToInt((stage) -> stage.get("clusters").asInt()).sum())
			.isEqualTo(expected.clusters().size())
			.isEqualTo(fleets.fleet().clusterCount());
		assertThat(waveSizes(stages.get(0))).containsExactly(1, 2, 2, 2, 2);
		assertThat(waveSizes(stages.get(1))).containsExactly(3, 3, 3, 1);
		assertThat(stages.get(1).get("alreadyCurrent").valueStream().map(JsonNode::asString))
			.containsExactly("eu-west-1/tenant-0004/clickhouse-events");
		assertThat(preview.get("estimatedDuration").asString()).isEqualTo(estimate(expected)).isEqualTo("19m");
		assertThat(preview.get("claims").get("held").size()).isZero();
		assertThat(preview.get("claims").get("outcome").asString())
			.isEqualTo("no cluster of the plan is held by an active release");
		assertThat(this.tables.releaseCount()).isEqualTo(releases);
	}

	@Test
	void theClustersAnotherReleaseHoldsAreNamedWithWhatAStartWouldDo() {
		// given
		String holding = plan("holding", "approval: required\n");
		Response started = this.http.post("/api/releases",
				Map.of("planFile", "holding.yaml", "planText", holding, "id", "holder"));
		assertThat(started.status()).as(started.body()).isEqualTo(201);
		int held = plannedOffline(holding).clusters().size();

		// when
		JsonNode preview;
		try {
			preview = this.http
				.post("/api/plans/preview", Map.of("planFile", "other.yaml", "planText", plan("other", "")))
				.json();
		}
		finally {
			cancel("holder");
		}

		// then
		JsonNode claims = preview.get("claims");
		assertThat(claims.get("held").size()).isEqualTo(held);
		assertThat(claims.get("held").get(0).get("holderId").asString()).isEqualTo("holder");
		assertThat(claims.get("onConflict").asString()).isEqualTo("refuse");
		assertThat(claims.get("summary").asString()).startsWith(held + " clusters held by release holder (");
		assertThat(claims.get("outcome").asString()).isEqualTo("a release of this plan would be refused");
		assertThat(preview.get("stages")
			.valueStream()
			.flatMap((stage) -> stage.get("waves").valueStream())
			.mapToLong((wave) -> wave.get("held").asLong())
			.sum()).isEqualTo(held - alreadyCurrent(preview));
	}

	@Test
	void anInvalidPlanIsA400ListingEachProblemWithItsLineAndColumn() {
		// when
		Response response = this.http.post("/api/plans/preview", Map.of("planFile", "broken.yaml", "planText", BROKEN));

		// then
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertBrokenPlanErrors(response.json());
	}

	@Test
	void aStartOfAnInvalidPlanListsTheSameProblems() {
		// when
		int releases = this.tables.releaseCount();
		Response response = this.http.post("/api/releases", Map.of("planFile", "broken.yaml", "planText", BROKEN));

		// then
		assertThat(response.status()).isEqualTo(400);
		assertBrokenPlanErrors(response.json());
		assertThat(this.tables.releaseCount()).isEqualTo(releases);
	}

	@Test
	void aPreviewWithoutPlanTextIsRefused() {
		// when
		Response response = this.http.post("/api/plans/preview", Map.of("planFile", "empty.yaml"));

		// then
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().get("detail").asString()).isEqualTo("planText is required");
		assertThat(response.json().has("errors")).isFalse();
	}

	@Test
	void anAnonymousPreviewIsRefused() {
		// when
		Response response = this.anonymous.post("/api/plans/preview",
				Map.of("planFile", "preview.yaml", "planText", plan("preview", "")));

		// then
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.body()).doesNotContain("us-east-1");
	}

	@Test
	void theOpenApiDocumentIsRefusedWithoutCredentials() {
		// when
		Response response = this.anonymous.get("/api/docs");

		// then
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.body()).doesNotContain("/api/releases");
	}

	@Test
	void aViewerReadsTheOpenApiDocumentWithEveryPathAndTheBearerScheme() {
		// when
		Response response = as(TestActors.viewer("vera")).get("/api/docs");

		// then
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		JsonNode document = response.json();
		assertThat(document.get("info").get("title").asString()).isEqualTo("Flotilla API");
		assertThat(document.get("info").get("version").asString()).isNotBlank();
		assertThat(document.get("paths").propertyNames()).contains("/api/releases", "/api/releases/{id}",
				"/api/releases/{id}/clusters", "/api/releases/{id}/events", "/api/releases/{id}/{signal}",
				"/api/releases/pause", "/api/plans/preview", "/api/claims", "/api/me", "/api/users",
				"/api/users/{name}/password", "/api/users/{name}/disable", "/api/login", "/api/tokens",
				"/api/tokens/{id}", "/api/schedules", "/api/schedules/{name}", "/api/schedules/{name}/pause",
				"/api/schedules/{name}/resume", "/api/schedules/{name}/trigger", "/api/freezes", "/api/freezes/end");
		assertThat(document.get("paths").propertyNames()).allMatch((path) -> path.startsWith("/api/"));
		assertThat(document.get("components").get("securitySchemes").get("bearer").get("scheme").asString())
			.isEqualTo("bearer");
		assertThat(document.get("security").get(0).has("bearer")).isTrue();
		assertThat(document.get("paths").get("/api/plans/preview").get("post").get("summary").asString())
			.isEqualTo("Dry-run a plan against the live fleet");
		assertThat(response.body()).doesNotContain("\"caller\"");
		assertThat(document.get("paths").get("/api/releases").get("get").get("operationId").asString())
			.isEqualTo("listReleases");
		assertThat(document.get("tags").valueStream().map((tag) -> tag.get("name").asString()))
			.containsExactlyInAnyOrder("Releases", "Plans", "Claims", "Schedules", "Freezes", "Users", "Tokens");
	}

	@Test
	void theSwaggerUiAnswersALoggedInViewer() {
		// given
		TestHttp viewer = as(TestActors.viewer("vera"));

		// when
		Response entry = viewer.send(viewer.request("/api/docs/ui").GET());
		String page = entry.header("Location")
			.map((location) -> location.replaceFirst("^https?://[^/]+", ""))
			.orElseThrow();
		Response ui = viewer.send(viewer.request(page).GET());
		Response config = viewer.get("/api/docs/swagger-config");

		// then
		assertThat(entry.status()).isEqualTo(302);
		assertThat(ui.status()).as(page).isEqualTo(200);
		assertThat(ui.body()).contains("swagger-ui");
		assertThat(config.status()).isEqualTo(200);
		assertThat(config.json().get("url").asString()).isEqualTo("/api/docs");
		assertThat(this.anonymous.send(this.anonymous.request(page).GET()).status()).isEqualTo(401);
	}

	private static final String BROKEN = TestPlans.plan("broken", """
			stages:
			  - name: pilot
			    waveSize: lots
			    groups:
			      - name: east
			        contexts: [us-east-1]
			  - name: fleet
			    bake: forever
			    groups:
			      - name: west
			        contexts: [eu-west-1]
			""");

	private static void assertBrokenPlanErrors(JsonNode problem) {
		assertThat(problem.get("status").asInt()).isEqualTo(400);
		JsonNode errors = problem.get("errors");
		assertThat(errors.size()).isEqualTo(2);
		assertError(errors.get(0), 14, 15, "stages[0].waveSize", "must be a whole number, not 'lots'");
		assertError(errors.get(1), 19, 11, "stages[1].bake", "invalid duration 'forever'; ");
		assertThat(problem.get("detail").asString()).contains("broken.yaml:14:15: stages[0].waveSize: ");
	}

	private static void assertError(JsonNode error, int line, int column, String field, String message) {
		assertThat(error.get("line").asInt()).as(error.toString()).isEqualTo(line);
		assertThat(error.get("column").asInt()).as(error.toString()).isEqualTo(column);
		assertThat(error.get("field").asString()).isEqualTo(field);
		assertThat(error.get("message").asString()).startsWith(message);
		assertThat(error.get("file").asString()).isEqualTo("broken.yaml");
	}

	private static void assertStageIsPlanned(JsonNode stage, FleetSnapshot expected) {
		String name = stage.get("name").asString();
		List<PlannedCluster> clusters = expected.inStage(name);
		Map<Integer, List<PlannedCluster>> waves = expected.waves(name);
		List<String> current = clusters.stream()
			.filter(PlannedCluster::alreadyCurrent)
			.map((cluster) -> cluster.cluster().key())
			.toList();
		assertThat(clusters).as(name).isNotEmpty();
		assertThat(stage.get("clusters").asInt()).as(name).isEqualTo(clusters.size());
		assertThat(stage.get("toUpgrade").asInt()).as(name).isEqualTo(clusters.size() - current.size());
		assertThat(stage.get("alreadyCurrent").valueStream().map(JsonNode::asString).toList()).as(name)
			.isEqualTo(current);
		JsonNode shown = stage.get("waves");
		assertThat(shown.size()).as(name).isEqualTo(waves.size()).isGreaterThan(1);
		waves.forEach((number, inWave) -> {
			JsonNode wave = shown.get(number - 1);
			assertThat(wave.get("wave").asInt()).isEqualTo(number);
			assertThat(wave.get("clusters").asInt()).as(name + " wave " + number).isEqualTo(inWave.size());
			long at248 = inWave.stream().filter((cluster) -> "24.8".equals(cluster.cluster().version())).count();
			assertThat(wave.get("versions").path("24.8").asLong(0)).isEqualTo(at248);
		});
	}

	/**
	 * One wave a minute, ten minutes' bake after the pilot.
	 */
	private static String estimate(FleetSnapshot expected) {
		int waves = expected.waveCount("pilot") + expected.waveCount("fleet");
		return (waves >= 50) ? "1h" + (waves - 50) + "m" : (waves + 10) + "m";
	}

	/**
	 * Cancels the release and waits until it has let go of its clusters.
	 */
	private void cancel(String release) {
		assertThat(this.http.post("/api/releases/" + release + "/cancel", Map.of("reason", "test over")).status())
			.isEqualTo(200);
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(this.tables.state(release)).isEqualTo(ReleaseState.CANCELLED));
	}

	private static List<Integer> waveSizes(JsonNode stage) {
		return stage.get("waves").valueStream().map((wave) -> wave.get("clusters").asInt()).toList();
	}

	private static long alreadyCurrent(JsonNode preview) {
		return preview.get("stages").valueStream().mapToLong((stage) -> stage.get("alreadyCurrent").size()).sum();
	}

	private static FleetSnapshot plannedOffline(String planText) {
		try (Fleet fleet = new Fleet(FleetSettings.defaults(fleets.kubeconfig()))) {
			return new WavePlanner(fleet).snapshot(new PlanLoader().load("plan.yaml", planText));
		}
	}

	private static String plan(String name, String gate) {
		return TestPlans.plan(name, gate + TestPlans.PILOT_AND_FLEET);
	}

}
