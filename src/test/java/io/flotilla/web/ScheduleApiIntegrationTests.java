package io.flotilla.web;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.flotilla.audit.AuditEntry;
import io.flotilla.audit.AuditLog;
import io.flotilla.audit.Subject;
import io.flotilla.control.ReleaseState;
import io.flotilla.release.ReleaseException;
import io.flotilla.schedule.ScheduleService;
import io.flotilla.support.ServerUnderTest;
import io.flotilla.support.SpringFleet;
import io.flotilla.support.TestAccounts;
import io.flotilla.support.TestActors;
import io.flotilla.support.TestFleets;
import io.flotilla.support.TestHttp;
import io.flotilla.support.TestHttp.Response;
import io.flotilla.support.TestPlans;
import io.flotilla.support.TestSchedules;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * The schedules over real HTTP, from a schedules directory written before the server
 * starts: a schedule that fires far in the future as the first admin, and one whose cron
 * expression is wrong. Read, paused and resumed, fired by hand; what a viewer and an
 * unknown name get; what the audit log keeps of it.
 */
class ScheduleApiIntegrationTests extends ServerUnderTest {

	private static final String CONTEXT = "schedules-1";

	private static final String NIGHTLY = "nightly";

	private static final String BROKEN = "broken";

	@RegisterExtension
	static final SpringFleet fleets = SpringFleet.of(TestFleets.healthy(4, List.of(CONTEXT)));

	static final TestSchedules schedules = TestSchedules.create("schedule-api")
		.plan("nightly", TestPlans.plan("nightly", """
				approval: required
				onConflict: skip
				stages:
				  - name: only
				    groups:
				      - name: all
				        contexts: [%s]
				""".formatted(CONTEXT)))
		.schedule(NIGHTLY, """
				plan: nightly
				cron: "0 0 3 1 1 ? 2099"
				timeZone: Europe/Berlin
				version: "25.3"
				runAs: %s
				""".formatted(TestAccounts.ADMIN))
		.schedule(BROKEN, """
				plan: nightly
				cron: "0 0 25 * * ?"
				version: "25.3"
				runAs: %s
				""".formatted(TestAccounts.ADMIN));

	@Autowired
	AuditLog audit;

	@Autowired
	ScheduleService service;

	@DynamicPropertySource
	static void flotilla(DynamicPropertyRegistry registry) {
		fleets.register(registry);
		schedules.register(registry);
	}

	/**
	 * The plan waits at its approval gate, so that a release a fire starts stays active.
	 * The schedule runs as the first admin, who is created after the server first read
	 * the directory: read once more, it is valid.
	 */
	@BeforeEach
	void nightlyIsLoaded() {
		if (!absent(this.http.get("/api/schedules/" + NIGHTLY).json(), "problems")) {
			schedules.touch();
		}
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(
					() -> assertThat(absent(this.http.get("/api/schedules/" + NIGHTLY).json(), "problems")).isTrue());
	}

	@Test
	void theListShowsEachScheduleWithItsNextFireOrItsProblems() {
		// when
		Response response = as(TestActors.viewer("vera")).get("/api/schedules");

		// then
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		JsonNode list = response.json();
		assertThat(list.valueStream().map((schedule) -> schedule.get("name").asString())).containsExactly(BROKEN,
				NIGHTLY);
		JsonNode broken = list.get(0);
		assertThat(broken.get("problems").asString())
			.startsWith(schedules.file(BROKEN) + ":2:7: cron: invalid cron expression '0 0 25 * * ?': ")
			.contains("(a Quartz cron expression: seconds minutes hours")
			.doesNotContain("\n");
		assertThat(absent(broken, "cron")).isTrue();
		assertThat(absent(broken, "nextFire")).isTrue();
		JsonNode nightly = list.get(1);
		assertThat(nightly.get("file").asString()).isEqualTo(schedules.file(NIGHTLY).toString());
		assertThat(nightly.get("plan").asString()).isEqualTo("nightly");
		assertThat(nightly.get("cron").asString()).isEqualTo("0 0 3 1 1 ? 2099");
		assertThat(nightly.get("zone").asString()).isEqualTo("Europe/Berlin");
		assertThat(nightly.get("version").asString()).isEqualTo("25.3");
		assertThat(nightly.get("runAs").asString()).isEqualTo(TestAccounts.ADMIN);
		assertThat(nightly.get("paused").asBoolean()).isFalse();
		assertThat(nightly.get("nextFire").asString()).isEqualTo("2099-01-01T02:00:00Z");
		assertThat(nightly.get("nextFireLocal").asString()).isEqualTo("Thu 2099-01-01 03:00:00 Europe/Berlin");
	}

	@Test
	void aPauseStopsTheScheduleUntilItIsResumedAndEachIsRecordedWithWhoAndWhy() {
		// given
		int entries = this.audit.entries(Subject.schedule(NIGHTLY)).size();

		// when
		Response paused = this.http.post("/api/schedules/" + NIGHTLY + "/pause", Map.of("reason", "freeze week"));
		Response again = this.http.post("/api/schedules/" + NIGHTLY + "/pause", null);
		Response read = this.http.get("/api/schedules/" + NIGHTLY);
		Response resumed = this.http.post("/api/schedules/" + NIGHTLY + "/resume", Map.of("reason", "thawed"));
		Response resumedAgain = this.http.post("/api/schedules/" + NIGHTLY + "/resume", null);

		// then
		assertThat(paused.status()).as(paused.body()).isEqualTo(200);
		assertThat(paused.json().get("paused").asBoolean()).isTrue();
		assertThat(absent(paused.json(), "nextFire")).isTrue();
		assertThat(again.status()).isEqualTo(409);
		assertThat(again.contentType()).startsWith("application/problem+json");
		assertThat(again.json().get("detail").asString()).isEqualTo("schedule nightly is paused already");
		assertThat(read.json().get("paused").asBoolean()).isTrue();
		assertThat(resumed.status()).as(resumed.body()).isEqualTo(200);
		assertThat(resumed.json().get("paused").asBoolean()).isFalse();
		assertThat(resumed.json().get("nextFire").asString()).isEqualTo("2099-01-01T02:00:00Z");
		assertThat(resumedAgain.status()).isEqualTo(409);
		assertThat(resumedAgain.json().get("detail").asString()).isEqualTo("schedule nightly is not paused");
		List<AuditEntry> recorded = this.audit.entries(Subject.schedule(NIGHTLY));
		assertThat(recorded.subList(entries, recorded.size()))
			.extracting(AuditEntry::kind, AuditEntry::actor, AuditEntry::reason)
			.containsExactly(tuple("schedule.paused", TESTER, "freeze week"),
					tuple("schedule.resumed", TESTER, "thawed"));
	}

	@Test
	void aScheduleWhoseFileWasNeverValidCannotBePaused() {
		// when
		Response response = this.http.post("/api/schedules/" + BROKEN + "/pause", null);

		// then
		assertThat(response.status()).isEqualTo(409);
		assertThat(response.json().get("detail").asString()).startsWith(
				"schedule broken never loaded: its file is invalid\n" + schedules.file(BROKEN) + ":2:7: cron: ");
	}

	@Test
	void aViewerReadsButMayNotPauseResumeOrTriggerAndNothingIsRecorded() {
		// given
		TestHttp viewer = as(TestActors.viewer("vera"));
		int entries = this.audit.entries(Subject.schedule(NIGHTLY)).size();

		// when
		List<Response> refused = List.of(viewer.post("/api/schedules/" + NIGHTLY + "/pause", null),
				viewer.post("/api/schedules/" + NIGHTLY + "/resume", null),
				viewer.post("/api/schedules/" + NIGHTLY + "/trigger", null));

		// then
		assertThat(viewer.get("/api/schedules/" + NIGHTLY).status()).isEqualTo(200);
		assertThat(refused).allSatisfy((response) -> {
			assertThat(response.status()).isEqualTo(403);
			assertThat(response.contentType()).startsWith("application/problem+json");
		});
		assertThat(refused.get(0).json().get("detail").asString())
			.isEqualTo("your role may not POST /api/schedules/nightly/pause");
		assertThatThrownBy(() -> this.service.trigger(NIGHTLY, TestActors.viewer("vera")))
			.isInstanceOfSatisfying(ReleaseException.class,
					(ex) -> assertThat(ex.reason()).isEqualTo(ReleaseException.Reason.FORBIDDEN))
			.hasMessage("vera is viewer; only an operator or admin may trigger a schedule");
		assertThat(this.audit.entries(Subject.schedule(NIGHTLY))).hasSize(entries);
		assertThat(this.http.get("/api/schedules/" + NIGHTLY).json().get("paused").asBoolean()).isFalse();
	}

	@Test
	void anUnknownScheduleIsNotFound() {
		// when
		List<Response> responses = List.of(this.http.get("/api/schedules/weekly"),
				this.http.post("/api/schedules/weekly/pause", null),
				this.http.post("/api/schedules/weekly/resume", null),
				this.http.post("/api/schedules/weekly/trigger", null));

		// then
		assertThat(responses).allSatisfy((response) -> {
			assertThat(response.status()).isEqualTo(404);
			assertThat(response.json().get("detail").asString()).isEqualTo("no schedule named weekly");
		});
	}

	@Test
	void aTriggerStartsAReleaseAsTheScheduleUserAndASecondOneSkipsWhileItIsActive() {
		// when
		Response fired = this.http.post("/api/schedules/" + NIGHTLY + "/trigger", null);

		// then
		assertThat(fired.status()).as(fired.body()).isEqualTo(200);
		JsonNode fire = fired.json();
		assertThat(fire.get("outcome").asString()).isEqualTo("STARTED");
		String id = fire.get("releaseId").asString();
		assertThat(id).matches("nightly-\\d{8}-\\d{6}");
		assertThat(fire.get("version").asString()).isEqualTo("25.3");
		assertThat(fire.get("detail").asString()).isEqualTo("triggered by " + TESTER + ": started release " + id
				+ " of nightly at version 25.3 as " + TestAccounts.ADMIN);
		Response release = this.http.get("/api/releases/" + id);
		assertThat(release.status()).as(release.body()).isEqualTo(200);
		assertThat(release.json().get("startedBy").asString()).isEqualTo(TestAccounts.ADMIN);
		assertThat(release.json().get("plan").asString()).isEqualTo("nightly");
		assertThat(release.json().get("targetVersion").asString()).isEqualTo("25.3");
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.releases.status(id).state() == ReleaseState.AWAITING_APPROVAL);
		JsonNode last = this.http.get("/api/schedules/" + NIGHTLY).json().get("lastFire");
		assertThat(last.get("releaseId").asString()).isEqualTo(id);

		// and when
		Response skipped = this.http.post("/api/schedules/" + NIGHTLY + "/trigger", null);

		// then
		assertThat(skipped.status()).as(skipped.body()).isEqualTo(200);
		assertThat(skipped.json().get("outcome").asString()).isEqualTo("SKIPPED");
		assertThat(absent(skipped.json(), "releaseId")).isTrue();
		assertThat(skipped.json().get("detail").asString())
			.isEqualTo("release " + id + " of this schedule is still active (overlap: skip)");
		assertThat(this.audit.entries(Subject.schedule(NIGHTLY)))
			.filteredOn((entry) -> entry.kind().equals("schedule.started") || entry.kind().equals("schedule.skipped"))
			.extracting(AuditEntry::kind, AuditEntry::actor)
			.endsWith(tuple("schedule.started", TESTER), tuple("schedule.skipped", TESTER));
	}

	private static boolean absent(JsonNode node, String field) {
		return node.get(field) == null || node.get(field).isNull();
	}

}
