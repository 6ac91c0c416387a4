package io.flotilla.web;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.flotilla.control.ReleaseState;
import io.flotilla.release.ReleaseStatus;
import io.flotilla.sandbox.SandboxOptions;
import io.flotilla.support.ServerUnderTest;
import io.flotilla.support.SpringFleet;
import io.flotilla.support.TestFleets;
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
 * The REST API over real HTTP: what it refuses, with which status and which words, and
 * that a refusal records nothing.
 */
class ReleaseApiIntegrationTests extends ServerUnderTest {

	@RegisterExtension
	static final SpringFleet fleets = SpringFleet.of(TestFleets.healthy(16, SandboxOptions.regions(4)));

	@DynamicPropertySource
	static void flotilla(DynamicPropertyRegistry registry) {
		fleets.register(registry);
	}

	@Test
	void anInvalidPlanIsRefusedWithTheFileLineAndColumnOfEachProblem() {
		// given
		String plan = TestPlans.plan("broken", """
				defaults:
				  paralelism: 3
				stages:
				  - name: dev
				    bake: 10 minutes
				    groups:
				      - name: us-east-1
				        contexts: [us-east-1]
				""");
		int releases = this.tables.releaseCount();

		// when
		Response response = start("broken.yaml", plan, "broken");

		// then
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().get("detail").asString())
			.contains("broken.yaml:13:3: ", "did you mean 'parallelism'")
			.contains("broken.yaml:16:11: ", "invalid duration '10 minutes'");
		assertThat(this.tables.releaseCount()).isEqualTo(releases);
		assertThat(this.http.get("/api/releases/broken").status()).isEqualTo(404);
	}

	@Test
	void aPlanWithoutTextIsRefused() {
		// when
		Response response = this.http.post("/api/releases", Map.of("planFile", "empty.yaml", "id", "empty"));

		// then
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().get("detail").asString()).isEqualTo("planText is required");
	}

	@Test
	void aPlanWhoseSelectorMatchesNoClusterIsRefused() {
		// given
		String plan = TestPlans.plan("nothing", """
				stages:
				  - name: dev
				    groups:
				      - name: us-east-1
				        contexts: [us-east-1, eu-west-1]
				        selector: {flotilla.io/tier: qa}
				""");
		int releases = this.tables.releaseCount();

		// when
		Response response = start("nothing.yaml", plan, "nothing");

		// then
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().get("detail").asString()).contains("plan nothing matches no cluster");
		assertThat(this.tables.releaseCount()).isEqualTo(releases);
	}

	@Test
	void aPlanNamingAContextTheKubeconfigLacksIsRefused() {
		// given
		String plan = TestPlans.plan("mars", """
				stages:
				  - name: dev
				    groups:
				      - name: mars
				        contexts: [mars-1]
				""");
		int releases = this.tables.releaseCount();

		// when
		Response response = start("mars.yaml", plan, "mars");

		// then
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().get("detail").asString()).contains("mars-1");
		assertThat(this.tables.releaseCount()).isEqualTo(releases);
	}

	@Test
	void aReleaseIdAlreadyInUseIsAConflict() {
		// given
		completedRelease("taken", "eu-west-1");
		ReleaseStatus before = status("taken");
		int releases = this.tables.releaseCount();

		// when
		Response response = start("other.yaml", plan("other", "us-east-1"), "taken");

		// then
		assertThat(response.status()).isEqualTo(409);
		assertThat(response.json().get("detail").asString()).isEqualTo("release id 'taken' is already in use");
		assertThat(this.tables.releaseCount()).isEqualTo(releases);
		assertThat(status("taken")).isEqualTo(before);
		assertThat(this.tables.planText("taken")).contains("name: taken");
	}

	@Test
	void aReleaseIdOfTheWrongFormatIsRefused() {
		// given
		int releases = this.tables.releaseCount();

		// when
		Response response = start("upper.yaml", plan("upper", "us-east-1"), "Not_Valid");

		// then
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().get("detail").asString()).startsWith("release id 'Not_Valid' is not valid");
		assertThat(this.tables.releaseCount()).isEqualTo(releases);
	}

	@Test
	void anUnknownReleaseIsNotFound() {
		// when
		Response status = this.http.get("/api/releases/no-such-release");
		Response resume = this.http.post("/api/releases/no-such-release/resume", Map.of("by", "tester"));

		// then
		assertThat(status.status()).isEqualTo(404);
		assertThat(status.json().get("detail").asString()).isEqualTo("no release with id 'no-such-release'");
		assertThat(resume.status()).isEqualTo(404);
		assertThat(resume.json().get("detail").asString()).isEqualTo("no release with id 'no-such-release'");
	}

	@Test
	void resumingACompletedReleaseIsAConflictAndChangesNothing() {
		// given
		completedRelease("done", "ap-south-1");
		ReleaseStatus before = status("done");
		int executions = this.tables.jobExecutionCount();
		Map<String, Integer> patches = fleets.fleet().patchCounts();

		// when
		Response response = this.http.post("/api/releases/done/resume", Map.of("by", "tester"));

		// then
		assertThat(response.status()).isEqualTo(409);
		assertThat(response.json().get("detail").asString()).isEqualTo("cannot resume release done: it is completed");
		await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).untilAsserted(() -> {
			assertThat(status("done")).isEqualTo(before);
			assertThat(this.tables.jobExecutionCount()).isEqualTo(executions);
			assertThat(fleets.fleet().patchCounts()).isEqualTo(patches);
		});
	}

	@Test
	void startingAReleaseAnswersCreatedWithItsStatusAndTheListShowsItNewestFirst() {
		// given
		completedRelease("listed-first", "us-west-2");

		// when
		Response started = start("listed.yaml", plan("listed", "us-west-2"), "listed-second");
		Response list = this.http.get("/api/releases");

		// then
		assertThat(started.status()).isEqualTo(201);
		ReleaseStatus status = started.as(ReleaseStatus.class);
		assertThat(status.id()).isEqualTo("listed-second");
		assertThat(status.plan()).isEqualTo("listed");
		assertThat(status.planFile()).isEqualTo("listed.yaml");
		assertThat(status.targetVersion()).isEqualTo("25.3");
		assertThat(status.startedBy()).isEqualTo("tester");
		assertThat(status.stages()).extracting("name").containsExactly("only");
		assertThat(list.status()).isEqualTo(200);
		List<String> ids = list.json().valueStream().map((release) -> release.get("id").asString()).toList();
		assertThat(ids).containsSubsequence("listed-second", "listed-first");
		JsonNode first = list.json()
			.valueStream()
			.filter((release) -> release.get("id").asString().equals("listed-first"))
			.findFirst()
			.orElseThrow();
		assertThat(ReleaseState.valueOf(first.get("state").asString())).isEqualTo(ReleaseState.COMPLETED);
		assertThat(first.get("stages").get(0).get("clusters").asInt()).isPositive();
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(status("listed-second").state()).isEqualTo(ReleaseState.COMPLETED));
	}

	private void completedRelease(String id, String context) {
		Response response = start(id + ".yaml", plan(id, context), id);
		assertThat(response.status()).as(response.body()).isEqualTo(201);
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(status(id).state()).isEqualTo(ReleaseState.COMPLETED));
	}

	private ReleaseStatus status(String id) {
		Response response = this.http.get("/api/releases/" + id);
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response.as(ReleaseStatus.class);
	}

	private Response start(String planFile, String planText, String id) {
		return this.http.post("/api/releases",
				Map.of("planFile", planFile, "planText", planText, "id", id, "startedBy", "tester"));
	}

	private static String plan(String name, String context) {
		return TestPlans.plan(name, """
				defaults:
				  readyTimeout: 30s
				stages:
				  - name: only
				    groups:
				      - name: %s
				        contexts: [%s]
				""".formatted(context, context));
	}

}
