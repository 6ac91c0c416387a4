package io.flotilla.notify;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import com.slack.api.app_backend.SlackSignature;
import io.flotilla.account.Actor;
import io.flotilla.account.Role;
import io.flotilla.account.Users;
import io.flotilla.control.ReleaseState;
import io.flotilla.notify.LocalSlack.Call;
import io.flotilla.release.EventRecord;
import io.flotilla.release.ReleaseEvent;
import io.flotilla.sandbox.SandboxOptions;
import io.flotilla.support.ServerUnderTest;
import io.flotilla.support.SpringFleet;
import io.flotilla.support.TestFleets;
import io.flotilla.support.TestHttp.Response;
import io.flotilla.support.TestPlans;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import static io.flotilla.support.TestActors.operator;

/**
 * The server with Slack configured, against a local Slack Web API that the real Slack
 * client talks to, and a sandbox fleet in which each test rolls out in regions of its
 * own.
 */
class SlackNotifierIntegrationTests extends ServerUnderTest {

	private static final String SIGNING_SECRET = "test-signing-secret";

	private static final String ALICE = "U0ALICE";

	private static final String MALLORY = "U0MALLORY";

	private static final String VIC = "U0VIC";

	private static final String ADA = "U0ADA";

	static LocalSlack slack;

	@RegisterExtension
	static final SpringFleet fleets = SpringFleet
		.of(TestFleets.healthy(96, SandboxOptions.regions(8)).withPodRestart(Duration.ofMillis(100)));

	@Autowired
	ApplicationEventPublisher events;

	@DynamicPropertySource
	static void flotilla(DynamicPropertyRegistry registry) {
		slack = LocalSlack.start();
		fleets.register(registry);
		registry.add("flotilla.slack.token", () -> "xoxb-test");
		registry.add("flotilla.slack.channel", () -> "C1");
		registry.add("flotilla.slack.signing-secret", () -> SIGNING_SECRET);
		registry.add("flotilla.slack.operators." + ALICE, () -> "alice");
		registry.add("flotilla.slack.operators." + VIC, () -> "vic");
		registry.add("flotilla.slack.operators." + ADA, () -> "ada");
		registry.add("flotilla.slack.api-url", slack::apiUrl);
		registry.add("flotilla.slack.delivery.backoff", () -> "50ms");
	}

	@Autowired
	Users users;

	/**
	 * The Flotilla users the Slack users are mapped to: alice an operator, vic a viewer,
	 * ada an operator in the approver group sre-leads.
	 */
	@BeforeEach
	void createUsers() {
		Actor admin = Actor.system("test");
		if (this.users.actor("alice").isEmpty()) {
			this.users.create(admin, "alice", Role.OPERATOR, Set.of(), "alice's long password");
			this.users.create(admin, "vic", Role.VIEWER, Set.of(), "vic's long password");
			this.users.create(admin, "ada", Role.OPERATOR, Set.of("sre-leads"), "ada's long password");
		}
	}

	@AfterAll
	static void stopSlack() {
		slack.close();
	}

	@Test
	void aReleaseIsToldInOneThreadUnderItsRootMessage() {
		// given
		String plan = TestPlans.plan("threaded", """
				defaults:
				  waveSize: 10
				  parallelism: 10
				  readyTimeout: 30s
				stages:
				  - name: first
				    bake: 1s
				    groups:
				      - name: us-east-1
				        contexts: [us-east-1]
				  - name: second
				    groups:
				      - name: eu-west-1
				        contexts: [eu-west-1]
				""");

		// when
		this.releases.start("threaded.yaml", plan, "threaded", operator("tester"));

		// then
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(
					() -> assertThat(this.releases.status("threaded").state()).isEqualTo(ReleaseState.COMPLETED));
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(messagesOf("threaded")).last()
				.satisfies((call) -> assertThat(call.param("text")).startsWith("release COMPLETED")));
		List<Call> messages = messagesOf("threaded");
		Call root = messages.get(0);
		assertThat(root.param("thread_ts")).isNull();
		assertThat(root.param("channel")).isEqualTo("C1");
		assertThat(root.param("text")).contains("threaded", "25.3", "first → second", "tester");
		assertThat(messages.subList(1, messages.size()))
			.allSatisfy((call) -> assertThat(call.param("thread_ts")).isEqualTo(root.ts()));
		List<String> texts = messages.stream().map((call) -> call.param("text")).toList();
		assertThat(List
			.of("stage first started", "stage first group us-east-1 wave", "stage first baking until",
					"stage second started", "stage second group eu-west-1 wave", "release COMPLETED")
			.stream()
			.map((prefix) -> firstIndexStartingWith(texts, prefix))
			.toList()).isSorted();
		assertThat(messages).filteredOn((call) -> call.param("text").startsWith("stage first started"))
			.singleElement()
			.satisfies((call) -> assertThat(call.param("blocks")).contains("flotilla.pause", "flotilla.cancel"));
		assertThat(this.jdbc.sql("SELECT ts FROM flotilla_slack_thread WHERE release_id = 'threaded'")
			.query(String.class)
			.single()).isEqualTo(root.ts());
	}

	@Test
	void aRateLimitedMessageIsSentAgainAfterRetryAfterAndThePublisherDoesNotWait() {
		// given
		slack.rateLimitNext(1, "release rate-limited ", 1);
		Instant published = Instant.now();

		// when
		this.events.publishEvent(started("rate-limited"));

		// then
		assertThat(Duration.between(published, Instant.now())).isLessThan(Duration.ofMillis(500));
		await().atMost(Duration.ofSeconds(10)).until(() -> messagesOf("rate-limited").size() == 2);
		List<Call> tries = messagesOf("rate-limited");
		assertThat(tries).extracting(Call::status).containsExactly(429, 200);
		assertThat(Duration.between(tries.get(0).at(), tries.get(1).at()))
			.isGreaterThanOrEqualTo(Duration.ofSeconds(1));
		this.events.publishEvent(new ReleaseEvent.StageStarted("rate-limited", Instant.now(), "first", 3));
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(slack.calls("chat.postMessage"))
				.filteredOn((call) -> "stage first started: 3 clusters".equals(call.param("text")))
				.singleElement()
				.satisfies((call) -> assertThat(call.param("thread_ts")).isEqualTo(tries.get(1).ts())));
	}

	@Test
	void slackAnsweringServerErrorsIsTriedFiveTimesThenGivenUp() {
		// given
		slack.failNext(5, "release slack-down ", 500);

		// when
		this.events.publishEvent(started("slack-down"));
		this.events.publishEvent(started("slack-back"));

		// then
		await().atMost(Duration.ofSeconds(10)).until(() -> messagesOf("slack-back").size() == 1);
		assertThat(messagesOf("slack-down")).hasSize(5).allSatisfy((call) -> assertThat(call.status()).isEqualTo(500));
		assertThat(messagesOf("slack-back")).singleElement().satisfies((call) -> assertThat(call.answered()).isTrue());
		assertThat(this.jdbc.sql("SELECT count(*) FROM flotilla_slack_thread WHERE release_id = 'slack-down'")
			.query(Integer.class)
			.single()).isZero();
	}

	@Test
	void aReleaseRunsToTheEndWhileSlackIsDown() {
		// given
		slack.failNext(5, "release unheard ", 500);
		String plan = TestPlans.plan("unheard", """
				defaults:
				  waveSize: 10
				  parallelism: 10
				  readyTimeout: 30s
				stages:
				  - name: only
				    groups:
				      - name: ap-south-1
				        contexts: [ap-south-1]
				""");

		// when
		this.releases.start("unheard.yaml", plan, "unheard", operator("tester"));

		// then
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(this.releases.status("unheard").state()).isEqualTo(ReleaseState.COMPLETED));
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(messagesOf("unheard")).last()
				.satisfies((call) -> assertThat(call.param("text")).startsWith("release COMPLETED")));
		List<Call> messages = messagesOf("unheard");
		assertThat(messages.subList(0, 5)).allSatisfy((call) -> assertThat(call.status()).isEqualTo(500));
		Call root = messages.get(5);
		assertThat(root.param("thread_ts")).isNull();
		assertThat(root.param("text")).contains("unheard");
		assertThat(messages.subList(6, messages.size()))
			.allSatisfy((call) -> assertThat(call.param("thread_ts")).isEqualTo(root.ts()));
	}

	@Test
	void aSignedClickOfAnOperatorPausesARunningReleaseAndTheMessageShowsWhoDidIt() throws Exception {
		// given
		String id = startSlowRelease("paused-from-slack", "eu-central-1");

		// when
		Response response = click(ALICE, "pause", id, "777", Instant.now(), SIGNING_SECRET);

		// then
		assertThat(response.status()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(15))
			.untilAsserted(() -> assertThat(this.releases.status(id).state()).isEqualTo(ReleaseState.PAUSED));
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(
					() -> assertThat(slack.calls("chat.update")).filteredOn((call) -> "777".equals(call.param("ts")))
						.singleElement()
						.satisfies((call) -> {
							assertThat(call.param("channel")).isEqualTo("C1");
							assertThat(call.param("text")).contains("paused by alice");
							assertThat(call.param("blocks")).contains("paused by alice").doesNotContain("flotilla.");
						}));

		// then: where the pause is announced, it can be resumed
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(messagesOf(id)).anySatisfy((call) -> {
			assertThat(call.param("text")).isEqualTo("release PAUSED, nothing in flight: paused by alice: from Slack");
			assertThat(call.param("blocks")).contains("flotilla.resume", "flotilla.cancel");
		}));

		// when
		click(ALICE, "resume", id, "778", Instant.now(), SIGNING_SECRET);

		// then
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(this.releases.status(id).state()).isEqualTo(ReleaseState.COMPLETED));
	}

	@Test
	void aBadSignatureOrAStaleTimestampIsRefusedAndChangesNothing() throws Exception {
		// given
		String id = startSlowRelease("badly-signed", "ap-northeast-1");

		// when
		Response forged = click(ALICE, "cancel", id, "888", Instant.now(), "not-the-secret");
		Response stale = click(ALICE, "cancel", id, "889", Instant.now().minus(Duration.ofMinutes(6)), SIGNING_SECRET);

		// then
		assertThat(forged.status()).isEqualTo(401);
		assertThat(stale.status()).isEqualTo(401);
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(this.releases.status(id).state()).isEqualTo(ReleaseState.COMPLETED));
		assertThat(slack.calls()).noneSatisfy((call) -> assertThat(call.param("ts")).isIn("888", "889"));
		assertThat(slack.calls("chat.postEphemeral"))
			.noneSatisfy((call) -> assertThat(call.param("text")).contains(id));
	}

	@Test
	void aClickOfSomeoneWhoIsNotAnOperatorIsAnsweredOnlyToThemAndChangesNothing() throws Exception {
		// given
		String id = startSlowRelease("not-allowed", "us-west-2");

		// when
		Response response = click(MALLORY, "cancel", id, "999", Instant.now(), SIGNING_SECRET);

		// then
		assertThat(response.status()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(slack.calls("chat.postEphemeral"))
				.filteredOn((call) -> MALLORY.equals(call.param("user")))
				.singleElement()
				.satisfies((call) -> {
					assertThat(call.param("channel")).isEqualTo("C1");
					assertThat(call.param("text")).contains("not allowed");
				}));
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(this.releases.status(id).state()).isEqualTo(ReleaseState.COMPLETED));
		assertThat(slack.calls("chat.update")).noneSatisfy((call) -> assertThat(call.param("ts")).isEqualTo("999"));
	}

	@Test
	void aSignalTheReleaseRefusesIsAnsweredOnlyToTheOperatorWithTheRefusal() throws Exception {
		// given
		String id = startSlowRelease("refused", "sa-east-1");

		// when
		Response response = click(ALICE, "continue", id, "555", Instant.now(), SIGNING_SECRET);

		// then
		assertThat(response.status()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(slack.calls("chat.postEphemeral"))
				.filteredOn((call) -> call.param("text").contains("release " + id + ":"))
				.singleElement()
				.satisfies((call) -> {
					assertThat(call.param("user")).isEqualTo(ALICE);
					assertThat(call.param("text")).contains("continue refused", "it is running");
				}));
		assertThat(slack.calls("chat.update")).noneSatisfy((call) -> assertThat(call.param("ts")).isEqualTo("555"));
	}

	@Test
	void aClickIsSentAsTheMappedUserWithTheirRoleAndGroups() throws Exception {
		// given
		String plan = TestPlans.plan("approvers", """
				approval: required
				approvers: [sre-leads]
				stages:
				  - name: only
				    groups:
				      - name: ca-central-1
				        contexts: [ca-central-1]
				""");
		this.releases.start("approvers.yaml", plan, "approvers", operator("tester"));
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.releases.status("approvers").state() == ReleaseState.AWAITING_APPROVAL);

		// when
		click(VIC, "pause", "approvers", "601", Instant.now(), SIGNING_SECRET);
		click(ALICE, "continue", "approvers", "602", Instant.now(), SIGNING_SECRET);

		// then
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(ephemeralTo(VIC)).singleElement().asString().contains("pause refused", "vic is viewer");
			assertThat(ephemeralTo(ALICE)).anySatisfy((text) -> assertThat(text).contains("continue refused",
					"only members of sre-leads may pass the release's approval; alice is not"));
		});
		assertThat(this.releases.status("approvers").state()).isEqualTo(ReleaseState.AWAITING_APPROVAL);
		assertThat(this.releases.events("approvers")).filteredOn((event) -> event.kind().equals("signal.refused"))
			.extracting(EventRecord::by)
			.containsExactly("vic", "alice");

		// when
		click(ADA, "continue", "approvers", "603", Instant.now(), SIGNING_SECRET);

		// then
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.releases.status("approvers").state() == ReleaseState.COMPLETED);
		assertThat(this.releases.status("approvers").startedBy()).isEqualTo("tester");
	}

	private List<String> ephemeralTo(String userId) {
		return slack.calls("chat.postEphemeral")
			.stream()
			.filter((call) -> userId.equals(call.param("user")))
			.map((call) -> call.param("text"))
			.toList();
	}

	/**
	 * Starts a release of one region's clusters two at a time, which runs for a few
	 * seconds, and waits until it upgrades them.
	 */
	private String startSlowRelease(String id, String region) {
		String plan = TestPlans.plan(id, """
				defaults:
				  waveSize: 1
				  parallelism: 1
				  readyTimeout: 30s
				stages:
				  - name: only
				    groups:
				      - name: %s
				        contexts: [%s]
				""".formatted(region, region));
		this.releases.start(id + ".yaml", plan, id, operator("tester"));
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.releases.status(id).state()).isEqualTo(ReleaseState.RUNNING));
		return id;
	}

	/**
	 * Posts a button click the way Slack does: a form with the JSON payload, signed with
	 * the secret at the timestamp.
	 */
	private Response click(String userId, String signal, String releaseId, String messageTs, Instant at,
			String secret) {
		String payload = """
				{"type":"block_actions","user":{"id":"%s","username":"someone"},"channel":{"id":"C1","name":"releases"},
				"container":{"type":"message","message_ts":"%s","channel_id":"C1"},
				"message":{"type":"message","ts":"%s","thread_ts":"1001","text":"stage only started: 12 clusters",
				"blocks":[{"type":"section","text":{"type":"mrkdwn","text":"stage *only* started"}},
				{"type":"actions","elements":[{"type":"button","action_id":"flotilla.pause","value":"%s","text":{"type":"plain_text","text":"Pause"}}]}]},
				"response_url":"https://hooks.slack.com/actions/T1/1/x",
				"actions":[{"type":"button","action_id":"flotilla.%s","value":"%s","action_ts":"%d"}]}"""
			.formatted(userId, messageTs, messageTs, releaseId, signal, releaseId, at.getEpochSecond());
		String body = "payload=" + URLEncoder.encode(payload, StandardCharsets.UTF_8);
		String timestamp = Long.toString(at.getEpochSecond());
		String signature = new SlackSignature.Generator(secret).generate(timestamp, body);
		return this.http.send(this.http.request("/slack/interactions")
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header(SlackSignature.HeaderNames.X_SLACK_REQUEST_TIMESTAMP, timestamp)
			.header(SlackSignature.HeaderNames.X_SLACK_SIGNATURE, signature)
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.timeout(Duration.ofSeconds(5)));
	}

	private static ReleaseEvent.ReleaseStarted started(String releaseId) {
		return new ReleaseEvent.ReleaseStarted(releaseId, Instant.now(), "demo", "demo.yaml", "25.3",
				List.of("first", "second"), 3, "tester");
	}

	/**
	 * The messages posted about a release: its root, found by the release id in its text,
	 * and the messages threaded under any of its roots.
	 */
	private static List<Call> messagesOf(String releaseId) {
		List<Call> posted = slack.calls("chat.postMessage");
		List<String> roots = posted.stream()
			.filter((call) -> call.param("thread_ts") == null
					&& call.param("text").contains("release " + releaseId + " "))
			.filter(Call::answered)
			.map(Call::ts)
			.toList();
		return posted.stream()
			.filter((call) -> (call.param("thread_ts") == null)
					? call.param("text").contains("release " + releaseId + " ")
					: roots.contains(call.param("thread_ts")))
			.toList();
	}

	private static int firstIndexStartingWith(List<String> texts, String prefix) {
		for (int i = 0; i < texts.size(); i++) {
			if (texts.get(i).startsWith(prefix)) {
				return i;
			}
		}
		throw new AssertionError("no message starts with '" + prefix + "' in " + texts);
	}

}
