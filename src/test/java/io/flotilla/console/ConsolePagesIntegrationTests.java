package io.flotilla.console;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.flotilla.control.ReleaseState;
import io.flotilla.release.ReleaseFreezes;
import io.flotilla.release.ReleaseFreezes.FreezeView;
import io.flotilla.sandbox.SandboxOptions;
import io.flotilla.support.ServerUnderTest;
import io.flotilla.support.SpringFleet;
import io.flotilla.support.TestActors;
import io.flotilla.support.TestFleets;
import io.flotilla.support.TestHttp;
import io.flotilla.support.TestHttp.Response;
import io.flotilla.support.TestPlans;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The console's pages and the API calls behind them over real HTTP, against two releases
 * of one sandbox fleet: one completed, one paused, which needs a human and so comes
 * first.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsolePagesIntegrationTests extends ServerUnderTest {

	private static final String DONE = "done-1";

	private static final String PAUSED = "paused-1";

	@RegisterExtension
	static final SpringFleet fleets = SpringFleet.of(TestFleets.healthy(8, SandboxOptions.regions(2)));

	@Autowired
	ReleaseFreezes freezes;

	@DynamicPropertySource
	static void flotilla(DynamicPropertyRegistry registry) {
		fleets.register(registry);
	}

	@BeforeEach
	void aCompletedAndAPausedRelease() {
		if (this.http.get("/api/releases/" + DONE).status() == 404) {
			start(DONE);
			await().atMost(Duration.ofSeconds(60))
				.until(() -> this.releases.status(DONE).state() == ReleaseState.COMPLETED);
			start(PAUSED);
			await().atMost(Duration.ofSeconds(60))
				.until(() -> this.releases.status(PAUSED).state() == ReleaseState.AWAITING_APPROVAL);
			this.http.post("/api/releases/" + PAUSED + "/pause", Map.of("reason", "for the console"));
			await().atMost(Duration.ofSeconds(60))
				.until(() -> this.releases.status(PAUSED).state() == ReleaseState.PAUSED);
		}
	}

	@Test
	void theReleaseListPutsWhatNeedsAHumanFirstAndCountsEveryState() {
		JsonNode page = this.http.get("/api/releases?page=0").json();

		assertThat(ids(page)).containsExactly(PAUSED, DONE);
		assertThat(page.get("total").asLong()).isEqualTo(2);
		assertThat(page.get("counts").get("PAUSED").asLong()).isOne();
		assertThat(page.get("counts").get("COMPLETED").asLong()).isOne();
		String html = page("/console/releases").body();
		assertThat(html.indexOf(">" + PAUSED + "<")).isPositive().isLessThan(html.indexOf(">" + DONE + "<"));
	}

	@Test
	void theReleaseListFiltersByStateAndTextAndPagesOnTheServer() {
		assertThat(ids(this.http.get("/api/releases?page=0&state=COMPLETED").json())).containsExactly(DONE);
		assertThat(ids(this.http.get("/api/releases?page=0&q=PAUS").json())).containsExactly(PAUSED);
		JsonNode second = this.http.get("/api/releases?page=1&size=1").json();
		assertThat(ids(second)).containsExactly(DONE);
		assertThat(second.get("total").asLong()).isEqualTo(2);
		assertThat(this.http.get("/api/releases?page=0&state=WHATEVER").status()).isEqualTo(400);
		assertThat(this.http.get("/api/releases").json().isArray()).as("without page, the plain list").isTrue();
		assertThat(page("/console/releases?state=COMPLETED").body()).contains(">" + DONE + "<")
			.doesNotContain(">" + PAUSED + "<");
	}

	@Test
	void aReleasesDetailAccountsForEveryClusterAndEveryWave() {
		JsonNode detail = this.http.get("/api/releases/" + DONE + "/detail").json();

		int clusters = 0;
		for (JsonNode group : detail.get("groups")) {
			clusters += group.get("clusters").asInt();
			assertThat(group.get("pending").asInt()).isZero();
		}
		assertThat(clusters).isEqualTo(8);
		int waved = 0;
		for (JsonNode wave : detail.get("waves")) {
			waved += wave.get("clusters").asInt();
		}
		long inWaves = this.tables.clusters(DONE).stream().filter((row) -> row.wave() > 0).count();
		assertThat(waved).as("every cluster but those at the target at the start").isEqualTo(inWaves);
		assertThat(detail.get("stages").get(0).get("allowedFailures").asInt()).isZero();
	}

	@Test
	void aClustersPageReadsItsLiveResource() {
		JsonNode first = this.http.get("/api/releases/" + DONE + "/clusters?size=1").json().get("items").get(0);
		String path = "/releases/" + DONE + "/clusters/" + first.get("context").asString() + "/"
				+ first.get("namespace").asString() + "/" + first.get("name").asString();

		JsonNode cluster = this.http.get("/api" + path).json();

		assertThat(cluster.get("live").get("version").asString()).isEqualTo("25.3");
		assertThat(cluster.get("live").get("patchedBy").asString()).isEqualTo(DONE);
		assertThat(cluster.get("live").get("notReady").isNull()).isTrue();
		assertThat(page("/console" + path).body()).contains("id=\"live-version\">25.3<");
	}

	@Test
	void aViewerSeesNoSignalFormAndMayNotSendOne() {
		TestHttp viewer = as(TestActors.viewer("vic"));

		Response page = viewer.send(viewer.request("/console/releases/" + PAUSED).header("Accept", "text/html").GET());
		Response forged = viewer.post("/console/releases/" + PAUSED + "/signal", "application/x-www-form-urlencoded",
				"signal=resume");

		assertThat(page.status()).isEqualTo(200);
		assertThat(page.body()).contains(PAUSED).doesNotContain("signal-form").doesNotContain("name=\"signal\"");
		assertThat(forged.status()).isEqualTo(403);
		assertThat(this.releases.status(PAUSED).state()).isEqualTo(ReleaseState.PAUSED);
		assertThat(page("/console/releases/" + PAUSED).body()).as("an operator has the form").contains("signal-form");
	}

	@Test
	void anUnknownReleaseIsAPageThatSaysSo() {
		Response page = page("/console/releases/no-such-release");

		assertThat(page.status()).isEqualTo(404);
		assertThat(page.body()).contains("no release with id &#39;no-such-release&#39;");
	}

	@Test
	void aRefusedSignalIsShownOnTheReleasesPage() {
		Response refused = this.http.post("/console/releases/" + DONE + "/signal", "application/x-www-form-urlencoded",
				"signal=pause");

		assertThat(refused.status()).isEqualTo(302);
		assertThat(this.releases.status(DONE).state()).isEqualTo(ReleaseState.COMPLETED);
	}

	@Test
	void theReleasesPageShowsTheFreezesThatHoldToEveryViewer() {
		// given
		assertThat(page("/console/releases").body()).doesNotContain("id=\"freezes\"");
		FreezeView freeze = this.freezes.start(TestActors.admin("alice"), "incident 123", Map.of());
		try {
			// when
			Response page = as(TestActors.viewer("vic")).getHtml("/console/releases");

			// then
			assertThat(page.status()).isEqualTo(200);
			assertThat(page.body()).contains("id=\"freezes\"",
					"Frozen: incident 123 (by alice, since " + new Looks().time(freeze.from()) + ") — the whole fleet");
		}
		finally {
			this.freezes.end(TestActors.admin("alice"), "seen");
		}
		assertThat(page("/console/releases").body()).doesNotContain("id=\"freezes\"");
	}

	/**
	 * Last, as it cancels the paused release the others read.
	 */
	@Test
	@Order(Integer.MAX_VALUE)
	void aSignalReachesTheReleasesStreamOnceCommitted() throws Exception {
		HttpClient client = HttpClient.newHttpClient();
		CompletableFuture<HttpResponse<Stream<String>>> stream = client
			.sendAsync(this.http.request("/console/releases/" + PAUSED + "/stream")
				.header("Accept", "text/event-stream")
				.GET()
				.timeout(Duration.ofSeconds(30))
				.build(), HttpResponse.BodyHandlers.ofLines());
		HttpResponse<Stream<String>> response = stream.get(10, TimeUnit.SECONDS);
		assertThat(response.statusCode()).isEqualTo(200);

		this.http.post("/api/releases/" + PAUSED + "/cancel", Map.of("reason", "done looking"));

		List<String> firstUpdate = CompletableFuture.supplyAsync(() -> response.body()

			.takeWhile((line) -> !line.startsWith("data:"))
			.toList()).get(10, TimeUnit.SECONDS);
		assertThat(firstUpdate).contains("event:update");
	}

	private Response page(String path) {
		return this.http.send(this.http.request(path).header("Accept", "text/html").GET());
	}

	private void start(String id) {
		Response started = this.http.post("/api/releases",
				Map.of("planFile", id + ".yaml", "planText", plan(id), "id", id));
		assertThat(started.status()).as(started.body()).isEqualTo(201);
	}

	private static List<String> ids(JsonNode page) {
		return page.get("items").valueStream().map((item) -> item.get("id").asString()).toList();
	}

	private static String plan(String name) {
		return TestPlans.plan(name, """
				stages:
				  - name: all
				    approval: %s
				    waveSize: 2
				    parallelism: 1
				    groups:
				      - name: everywhere
				        contexts: [%s]
				""".formatted(name.equals(PAUSED) ? "required" : "none", String.join(", ", fleets.fleet().contexts())));
	}

}
