package io.flotilla.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import io.flotilla.control.ReleaseState;
import io.flotilla.release.ReleaseStatus;
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

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The start page over plain HTTP with a bearer token, as a script or a proxy would use
 * it: the plans folder, the dry run of a chosen plan with the fleet's real numbers, the
 * start it confirms, and the refusals.
 */
class StartPageIntegrationTests extends ServerUnderTest {

	static final Path PLANS = plansFolder();

	@RegisterExtension
	static final SpringFleet fleets = SpringFleet.of(TestFleets.healthy(20, SandboxOptions.regions(2)));

	@DynamicPropertySource
	static void flotilla(DynamicPropertyRegistry registry) {
		fleets.register(registry);
		registry.add("flotilla.plans.directory", PLANS::toString);
	}

	@Test
	void aViewerSeesThePlanFilesOfTheFolderButNoButton() {
		// when
		Response page = get(as(TestActors.viewer("vera")), "/console/releases/new");

		// then
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.body()).contains("<option value=\"good.yaml\">good.yaml</option>",
				"<option value=\"other.yml\">other.yml</option>", "needs the operator role");
		assertThat(page.body()).doesNotContain("notes.txt", ">Preview</button>", ">Start release</button>");
	}

	@Test
	void thePreviewOfAChosenPlanShowsItsStagesWavesAndEstimate() {
		// given
		int releases = this.tables.releaseCount();

		// when
		Response page = post(this.http, "/console/releases/new/preview", Map.of("planFile", "good.yaml"));

		// then
		assertThat(page.status()).as(page.body()).isEqualTo(200);
		assertThat(page.body()).contains("Dry run of good",
				"9 clusters in 1 groups, 9 to upgrade in 5 waves, 0 already at 25.3 and ready",
				"11 clusters in 1 groups, 10 to upgrade in 4 waves, 1 already at 25.3 and ready",
				"waves of 2 after a first wave of 1, parallelism 2, ready timeout 10m, failure budget 0, bake 10m",
				"19m at least (1m a wave, plus the bakes)", "no cluster of the plan is held by an active release",
				"eu-west-1/tenant-0004/clickhouse-events", ">Start release</button>",
				"<input type=\"hidden\" name=\"planText\" value=\"name: good");
		assertThat(this.tables.releaseCount()).isEqualTo(releases);
	}

	@Test
	void confirmingStartsTheReleaseAsTheCallerAndShowsIt() {
		// given
		String gated = "approval: required\n" + plan("good");

		// when
		Response started = post(as(TestActors.operator("olga")), "/console/releases",
				Map.of("planFile", "good.yaml", "planText", gated, "id", "from-console"));

		// then
		try {
			assertThat(started.status()).as(started.body()).isEqualTo(302);
			assertThat(started.header("Location").orElseThrow()).endsWith("/console/releases/from-console");
			ReleaseStatus release = this.http.get("/api/releases/from-console").as(ReleaseStatus.class);
			assertThat(release.startedBy()).isEqualTo("olga");
			assertThat(release.planFile()).isEqualTo("good.yaml");
			assertThat(this.tables.planText("from-console")).isEqualTo(gated);
		}
		finally {
			cancel("from-console");
		}
	}

	@Test
	void aViewersPreviewAndStartAreForbiddenAndStartNothing() {
		// given
		TestHttp viewer = as(TestActors.viewer("vera"));
		int releases = this.tables.releaseCount();

		// when
		Response preview = post(viewer, "/console/releases/new/preview", Map.of("planFile", "good.yaml"));
		Response start = post(viewer, "/console/releases",
				Map.of("planFile", "good.yaml", "planText", plan("good"), "id", "by-a-viewer"));

		// then
		assertThat(preview.status()).isEqualTo(403);
		assertThat(start.status()).isEqualTo(403);
		assertThat(this.tables.releaseCount()).isEqualTo(releases);
	}

	@Test
	void anInvalidPastedPlanIsShownWithEachProblemOnItsLine() {
		// given
		String broken = TestPlans.plan("broken", """
				stages:
				  - name: pilot
				    waveSize: lots
				    groups: [{name: east, contexts: [us-east-1]}]
				""");

		// when
		Response page = post(this.http, "/console/releases/new/preview", Map.of("planText", broken));

		// then
		assertThat(page.status()).isEqualTo(400);
		assertThat(page.body()).contains("the plan is invalid",
				"<li>14:15 stages[0].waveSize: must be a whole number, not &#39;lots&#39;</li>",
				"<li value=\"14\" class=\"marked\">", "    waveSize: lots\n    groups: [{name: east");
		assertThat(page.body()).doesNotContain("Dry run of");
	}

	@Test
	void aRefusedStartIsShownOnTheStartPageWithTheServicesWords() {
		// given
		Response holder = this.http.post("/api/releases",
				Map.of("planText", "approval: required\n" + plan("holding"), "id", "holder"));
		assertThat(holder.status()).as(holder.body()).isEqualTo(201);

		// when
		Response page;
		try {
			page = post(this.http, "/console/releases", Map.of("planFile", "", "planText", plan("again"), "id", ""));
		}
		finally {
			cancel("holder");
		}

		// then
		assertThat(page.status()).isEqualTo(409);
		assertThat(page.body()).contains("<p class=\"refusal\" role=\"alert\">release again-",
				" not started: 20 of its 20 clusters are held by other active releases: 20 clusters held by release holder (",
				"name: again\n");
		assertThat(page.body()).doesNotContain("Dry run of");
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

	private static Response get(TestHttp http, String path) {
		return http.send(http.request(path).GET());
	}

	private static Response post(TestHttp http, String path, Map<String, String> fields) {
		String form = new LinkedHashMap<>(fields).entrySet()
			.stream()
			.map((field) -> field.getKey() + "=" + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
		return http.send(http.request(path)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form)));
	}

	static String plan(String name) {
		return TestPlans.plan(name, TestPlans.PILOT_AND_FLEET);
	}

	private static Path plansFolder() {
		try {
			Path folder = Files.createTempDirectory("flotilla-plans");
			Files.writeString(folder.resolve("good.yaml"), plan("good"));
			Files.writeString(folder.resolve("other.yml"), plan("other"));
			Files.writeString(folder.resolve("notes.txt"), "not a plan");
			return folder;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
