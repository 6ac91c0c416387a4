package io.flotilla.web;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.flotilla.audit.AuditEntry;
import io.flotilla.audit.AuditLog;
import io.flotilla.audit.Subject;
import io.flotilla.control.ClusterState;
import io.flotilla.control.ReleaseState;
import io.flotilla.release.ReleaseFreezes;
import io.flotilla.support.ServerUnderTest;
import io.flotilla.support.SpringFleet;
import io.flotilla.support.TestActors;
import io.flotilla.support.TestFleets;
import io.flotilla.support.TestHttp;
import io.flotilla.support.TestHttp.Response;
import io.flotilla.support.TestPlans;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * Freezes over real HTTP, on a sandbox fleet of three regions each released at most once:
 * an admin starts and ends them, others may not; a freeze holds an operator's release
 * before its first wave until it ends, and a break-glass start by an admin runs through
 * it. Every test ends the freezes it started, since they hold the whole server, and sees
 * its releases complete: one still rolling out when the class ends would find its fleet
 * stopped under it.
 */
class FreezeApiIntegrationTests extends ServerUnderTest {

	private static final String ADMIN = "alice";

	private static final List<String> REGIONS = List.of("freeze-a", "freeze-b", "freeze-c");

	@RegisterExtension
	static final SpringFleet fleets = SpringFleet.of(TestFleets.healthy(6, REGIONS));

	@Autowired
	AuditLog audit;

	@Autowired
	ReleaseFreezes freezes;

	TestHttp admin;

	@DynamicPropertySource
	static void flotilla(DynamicPropertyRegistry registry) {
		fleets.register(registry);
	}

	@BeforeEach
	void asAnAdmin() {
		this.admin = as(TestActors.admin(ADMIN));
	}

	@AfterEach
	void thaw() {
		if (this.freezes.list().stream().anyMatch((freeze) -> !freeze.planned())) {
			this.freezes.end(TestActors.admin(ADMIN), "test over");
		}
	}

	@Test
	void anAdminFreezesTheFleetOrSomePlansAndEndsThemWhichTheAuditLogKeepsWithWhoAndWhy() {
		// when
		Response fleet = this.admin.post("/api/freezes", Map.of("reason", "incident 123"));
		Response prod = this.admin.post("/api/freezes",
				Map.of("reason", "prod is busy", "selector", Map.of("flotilla.io/tier", "prod")));
		Response again = this.admin.post("/api/freezes", Map.of("reason", "incident 124", "selector", Map.of()));
		Response listed = as(TestActors.viewer("vera")).get("/api/freezes");

		// then
		assertThat(fleet.status()).as(fleet.body()).isEqualTo(201);
		JsonNode frozen = fleet.json();
		long id = frozen.get("id").asLong();
		assertThat(id).isPositive();
		assertThat(frozen.get("reason").asString()).isEqualTo("incident 123");
		assertThat(frozen.get("selector").isEmpty()).isTrue();
		assertThat(frozen.get("by").asString()).isEqualTo(ADMIN);
		assertThat(frozen.get("from").asString()).isNotBlank();
		assertThat(frozen.get("until").isNull()).isTrue();
		assertThat(frozen.get("planned").asBoolean()).isFalse();
		assertThat(prod.status()).as(prod.body()).isEqualTo(201);
		assertThat(prod.json().get("selector").get("flotilla.io/tier").asString()).isEqualTo("prod");
		assertThat(again.status()).isEqualTo(409);
		assertThat(again.contentType()).startsWith("application/problem+json");
		assertThat(again.json().get("detail").asString())
			.startsWith("a freeze of the whole fleet holds already: incident 123 (by alice at ");
		assertThat(listed.status()).as(listed.body()).isEqualTo(200);
		assertThat(listed.json().valueStream().map((freeze) -> freeze.get("reason").asString()))
			.containsExactly("incident 123", "prod is busy");

		// when
		Response ended = this.admin.post("/api/freezes/end", Map.of("reason", "resolved"));
		Response endedAgain = this.admin.post("/api/freezes/end", null);

		// then
		assertThat(ended.status()).as(ended.body()).isEqualTo(200);
		assertThat(ended.json().valueStream().map((freeze) -> freeze.get("reason").asString()))
			.containsExactlyInAnyOrder("incident 123", "prod is busy");
		assertThat(ended.json().valueStream()).allMatch((freeze) -> !freeze.get("until").isNull());
		assertThat(endedAgain.status()).isEqualTo(409);
		assertThat(endedAgain.json().get("detail").asString()).startsWith("no freeze started by hand holds");
		assertThat(this.http.get("/api/freezes").json().isEmpty()).isTrue();
		assertThat(this.audit.entries(new Subject(Subject.FREEZE, Long.toString(id))))
			.extracting(AuditEntry::kind, AuditEntry::actor, AuditEntry::reason, AuditEntry::message)
			.containsExactly(
					tuple("freeze.started", ADMIN, "incident 123", "alice froze the whole fleet: incident 123"),
					tuple("freeze.ended", ADMIN, "resolved",
							"alice ended the freeze of the whole fleet (incident 123)"));
	}

	@Test
	void onlyAnAdminMayStartOrEndAFreezeAndOneMustSayWhy() {
		// given
		TestHttp operator = this.http;
		this.admin.post("/api/freezes", Map.of("reason", "incident 200"));
		Map<String, Object> noValue = new HashMap<>();
		noValue.put("flotilla.io/tier", null);

		// when
		Response operatorStart = operator.post("/api/freezes", Map.of("reason", "incident 201"));
		Response operatorEnd = operator.post("/api/freezes/end", Map.of("reason", "mine now"));
		Response blank = this.admin.post("/api/freezes", Map.of("reason", "  ", "selector", Map.of("tier", "x")));
		Response none = this.admin.post("/api/freezes", null);
		Response badLabel = this.admin.post("/api/freezes",
				Map.of("reason", "incident 202", "selector", Map.of("tier", "a,b")));
		Response nullLabel = this.admin.post("/api/freezes", Map.of("reason", "incident 203", "selector", noValue));

		// then
		for (Response refused : List.of(operatorStart, operatorEnd)) {
			assertThat(refused.status()).isEqualTo(403);
			assertThat(refused.contentType()).startsWith("application/problem+json");
		}
		assertThat(operatorStart.json().get("detail").asString()).isEqualTo("your role may not POST /api/freezes");
		assertThat(operatorEnd.json().get("detail").asString()).isEqualTo("your role may not POST /api/freezes/end");
		for (Response invalid : List.of(blank, none)) {
			assertThat(invalid.status()).isEqualTo(400);
			assertThat(invalid.json().get("detail").asString())
				.isEqualTo("a freeze needs a reason: say why, such as the incident");
		}
		assertThat(badLabel.status()).isEqualTo(400);
		assertThat(badLabel.json().get("detail").asString()).startsWith("a freeze's selector is labels as name=value");
		assertThat(nullLabel.status()).isEqualTo(400);
		assertThat(nullLabel.json().get("detail").asString())
			.isEqualTo("a freeze's selector label 'flotilla.io/tier' has no value: give each label a text value");
		assertThat(this.http.get("/api/freezes").json().valueStream().map((freeze) -> freeze.get("reason").asString()))
			.as("the operator's end ended nothing")
			.containsExactly("incident 200");
	}

	@Test
	void aFreezeHoldsAnOperatorsReleaseBeforeItsFirstWaveAndItsEndLetsItGoOn() {
		// given
		this.admin.post("/api/freezes", Map.of("reason", "incident 300"));

		// when
		Response started = start(this.http, "held-1", REGIONS.get(0), null);

		// then
		assertThat(started.status()).as(started.body()).isEqualTo(201);
		await().atMost(Duration.ofSeconds(60))
			.until(() -> this.releases.status("held-1").state() == ReleaseState.WAITING_FOR_WINDOW);
		assertThat(this.releases.status("held-1").reason())
			.isEqualTo("stage only waits: frozen: incident 300 (by alice), until ended by hand");
		assertThat(this.tables.clusters("held-1")).allMatch((cluster) -> cluster.state() == ClusterState.PENDING);
		assertThat(kinds("held-1")).contains("window.waiting");

		// when
		Response ended = this.admin.post("/api/freezes/end", Map.of("reason", "incident 300 resolved"));

		// then
		assertThat(ended.status()).as(ended.body()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(60))
			.until(() -> this.releases.status("held-1").state() == ReleaseState.COMPLETED);
		assertThat(this.tables.clusters("held-1")).allMatch((cluster) -> cluster.state() == ClusterState.UPGRADED);
	}

	@Test
	void aBreakGlassStartByAnAdminRunsThroughAFreezeThatHoldsAnotherRelease() {
		// given
		this.admin.post("/api/freezes", Map.of("reason", "incident 400"));
		assertThat(start(this.http, "held-2", REGIONS.get(1), null).status()).isEqualTo(201);
		await().atMost(Duration.ofSeconds(60))
			.until(() -> this.releases.status("held-2").state() == ReleaseState.WAITING_FOR_WINDOW);

		// when
		Response operatorBreaks = start(this.http, "hotfix-0", REGIONS.get(2), "the operator wants to");
		Response blankReason = start(this.admin, "hotfix-0", REGIONS.get(2), " ");
		Response hotfix = start(this.admin, "hotfix-1", REGIONS.get(2), "hotfix for incident 400");

		// then
		assertThat(operatorBreaks.status()).isEqualTo(403);
		assertThat(operatorBreaks.json().get("detail").asString())
			.isEqualTo("tester is operator; only an admin may start a release with break-glass");
		assertThat(blankReason.status()).isEqualTo(400);
		assertThat(blankReason.json().get("detail").asString())
			.isEqualTo("a break-glass start needs a reason: say why the release must run through freezes");
		assertThat(this.http.get("/api/releases/hotfix-0").status()).isEqualTo(404);
		assertThat(hotfix.status()).as(hotfix.body()).isEqualTo(201);
		await().atMost(Duration.ofSeconds(60))
			.until(() -> this.releases.status("hotfix-1").state() == ReleaseState.COMPLETED);
		assertThat(this.releases.status("held-2").state()).isEqualTo(ReleaseState.WAITING_FOR_WINDOW);
		JsonNode breakGlass = events("hotfix-1").valueStream()
			.filter((event) -> event.get("kind").asString().equals("release.break-glass"))
			.findFirst()
			.orElseThrow();
		assertThat(breakGlass.get("message").asString())
			.isEqualTo("BREAK GLASS: alice started release hotfix-1 through any freeze: hotfix for incident 400");
		assertThat(kinds("hotfix-1")).doesNotContain("window.waiting");

		// when
		this.admin.post("/api/freezes/end", Map.of("reason", "incident 400 resolved"));

		// then
		await().atMost(Duration.ofSeconds(60))
			.until(() -> this.releases.status("held-2").state() == ReleaseState.COMPLETED);
	}

	private Response start(TestHttp as, String id, String region, String breakGlassReason) {
		Map<String, String> body = new HashMap<>();
		body.put("planFile", id + ".yaml");
		body.put("planText", TestPlans.plan(id, """
				defaults:
				  readyTimeout: 30s
				stages:
				  - name: only
				    waveSize: 2
				    groups:
				      - name: all
				        contexts: [%s]
				""".formatted(region)));
		body.put("id", id);
		if (breakGlassReason != null) {
			body.put("breakGlassReason", breakGlassReason);
		}
		return as.post("/api/releases", body);
	}

	private JsonNode events(String id) {
		return this.http.get("/api/releases/" + id + "/events").json();
	}

	private List<String> kinds(String id) {
		return events(id).valueStream().map((event) -> event.get("kind").asString()).toList();
	}

}
