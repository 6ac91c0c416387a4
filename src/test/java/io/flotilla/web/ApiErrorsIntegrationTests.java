package io.flotilla.web;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.flotilla.control.ReleaseState;
import io.flotilla.control.Signal;
import io.flotilla.release.EventRecord;
import io.flotilla.release.ReleaseException;
import io.flotilla.release.ReleaseStatus;
import io.flotilla.sandbox.SandboxOptions;
import io.flotilla.support.ServerUnderTest;
import io.flotilla.support.SpringFleet;
import io.flotilla.support.TestFleets;
import io.flotilla.support.TestHttp;
import io.flotilla.support.TestHttp.Response;
import io.flotilla.support.TestPlans;
import org.assertj.core.api.AbstractStringAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.flotilla.support.TestActors.operator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * What the REST API answers to bad input, over real HTTP: every error is a problem
 * document whose detail says what is wrong, a body over the size limit is refused before
 * it is read, a field longer than its column is refused before anything is written, and
 * only the allowed host names are answered.
 */
class ApiErrorsIntegrationTests extends ServerUnderTest {

	private static final String LIMIT = "the limit is 524288 bytes (512 KiB, flotilla.api.max-request-size)";

	@RegisterExtension
	static final SpringFleet fleets = SpringFleet.of(TestFleets.healthy(8, SandboxOptions.regions(4)));

	@DynamicPropertySource
	static void flotilla(DynamicPropertyRegistry registry) {
		fleets.register(registry);
	}

	@Test
	void malformedJsonIsRefusedWithWhereItBreaks() {
		// when
		Response response = this.http.post("/api/releases", "application/json", "{\"planText\": x}");

		// then
		assertProblem(response, 400).startsWith("the request body is not valid JSON at line 1, column 14: ")
			.contains("Unrecognized token 'x'");
	}

	@Test
	void aMissingBodyIsRefused() {
		// when
		Response response = this.http.post("/api/releases", "application/json", "");

		// then
		assertProblem(response, 400).isEqualTo("the request needs a JSON body");
	}

	@Test
	void aBodyOfTheWrongShapeIsRefusedWithTheField() {
		// when
		Response array = this.http.post("/api/releases", "application/json", "[1]");
		Response object = this.http.post("/api/releases/some-release/pause", "application/json", "{\"reason\": {}}");

		// then
		assertProblem(array, 400).isEqualTo("the request body must be a JSON object");
		assertProblem(object, 400).isEqualTo("field 'reason' of the request body must be a string");
	}

	@Test
	void aBodyThatIsNotJsonIsUnsupported() {
		// when
		Response response = this.http.post("/api/releases", "text/plain", "planText: x");

		// then
		assertProblem(response, 415).startsWith("the request body must be application/json, not text/plain");
	}

	@Test
	void aMethodThePathDoesNotTakeIsNotAllowed() {
		// when
		Response response = this.http.send(this.http.request("/api/releases").DELETE());

		// then
		assertProblem(response, 405).startsWith("DELETE is not allowed on /api/releases; allowed: ")
			.contains("GET")
			.contains("POST");
	}

	@Test
	void anUnknownPathIsNotFoundWhateverTheRequestAccepts() {
		// when
		Response json = this.http.get("/api/nothing");
		Response html = this.http.send(this.http.request("/api/nothing").header("Accept", "text/html"));

		// then
		assertProblem(json, 404).isEqualTo("no endpoint GET /api/nothing");
		assertProblem(html, 404).isEqualTo("no endpoint GET /api/nothing");
	}

	@Test
	void aRequestThatAcceptsNoJsonIsNotAcceptable() {
		// when
		Response response = this.http.send(this.http.request("/api/releases").header("Accept", "text/html"));

		// then
		assertProblem(response, 406)
			.isEqualTo("the answer is application/json, which the request does not accept (Accept: text/html)");
	}

	@Test
	void theErrorPageIsNotAnEndpoint() {
		// when
		Response response = this.http.get("/error");

		// then
		assertProblem(response, 404).isEqualTo("no endpoint GET /error");
		assertThat(response.json().get("status").asInt()).isEqualTo(404);
	}

	@Test
	void anEncodedSlashOrASemicolonInAnIdIsRefusedAndReachesNoOtherRelease() {
		// given
		startAwaitingApproval("acc-run", "us-east-1");
		int events = this.releases.events("acc-run").size();

		// when
		Response status = this.http.get("/api/releases/a%2Fb");
		Response walk = this.http.post("/api/releases/x%2F..%2Facc-run/cancel", Map.of("reason", "test"));
		Response parameter = this.http.post("/api/releases/acc-run;x/cancel", Map.of("reason", "test"));
		Response encoded = this.http.post("/api/releases/acc-run%3Bx/cancel", Map.of("reason", "test"));

		// then
		assertProblem(status, 400).startsWith("release id 'a/b' is not valid: use 1 to 63 lower-case letters");
		assertProblem(walk, 400).startsWith("release id 'x/../acc-run' is not valid: ");
		assertProblem(parameter, 400)
			.isEqualTo("the path /api/releases/acc-run;x/cancel has a ';', which no endpoint takes");
		assertProblem(encoded, 400).startsWith("release id 'acc-run;x' is not valid: ");
		assertThat(this.tables.state("acc-run")).isEqualTo(ReleaseState.AWAITING_APPROVAL);
		assertThat(this.releases.events("acc-run")).hasSize(events);
		cancel("acc-run");
	}

	@Test
	void whatTomcatCannotReadIsAProblemDocumentToo() {
		// when
		Response uri = this.http.get("/api/releases/a%00b");
		Response method = this.http.raw("G(T", "/api/releases", "HTTP/1.1", Map.of("Host", "127.0.0.1"));

		// then
		assertProblem(uri, 400).isEqualTo("the server could not read the request to /api/releases/a%00b: Invalid URI");
		assertProblem(method, 400)
			.isEqualTo("the server could not read the request: its request line or headers are malformed or too large");
	}

	@Test
	void aBodyThatSaysItIsOverTheLimitIsRefusedUnreadAndFast() {
		// given
		byte[] tenMegabytes = startRequest("huge", "#".repeat(10_000_000));
		int releases = this.tables.releaseCount();
		long started = System.nanoTime();

		// when
		Response response = this.http.send(json(HttpRequest.BodyPublishers.ofByteArray(tenMegabytes)));

		// then
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
		assertProblem(response, 413).isEqualTo("the request body is " + tenMegabytes.length + " bytes; " + LIMIT);
		assertThat(this.tables.releaseCount()).isEqualTo(releases);
	}

	@Test
	void aClientThatAsksBeforeSendingABodyOverTheLimitIsRefusedBeforeItSendsIt() {
		// when
		Response response = this.http.raw("POST", "/api/releases", "HTTP/1.1", Map.of("Host", "127.0.0.1:" + this.port,
				"Content-Type", "application/json", "Content-Length", "10000000", "Expect", "100-continue"));

		// then
		assertProblem(response, 413).isEqualTo("the request body is 10000000 bytes; " + LIMIT);
	}

	@Test
	void aChunkedBodyIsRefusedOnceItPassesTheLimit() {
		// given
		byte[] body = startRequest("chunked", "#".repeat(600_000));
		int releases = this.tables.releaseCount();

		// when
		Response response = this.http
			.send(json(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));

		// then
		assertProblem(response, 413).isEqualTo("the request body is larger than the limit of 524288 bytes "
				+ "(512 KiB, flotilla.api.max-request-size)");
		assertThat(this.tables.releaseCount()).isEqualTo(releases);
	}

	@Test
	void aChunkedBodyWithinTheLimitReachesTheController() {
		// given
		byte[] body = TestHttp.JSON.writeValueAsBytes(Map.of("planFile", "chunked.yaml", "id", "chunked"));

		// when
		Response response = this.http
			.send(json(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));

		// then
		assertProblem(response, 400).isEqualTo("planText is required");
	}

	@Test
	void aPlanJustUnderTheLimitStarts() {
		// given
		String plan = awaitingApproval("padded", "eu-west-1") + "#".repeat(500_000) + "\n";

		// when
		Response response = this.http.post("/api/releases",
				Map.of("planFile", "padded.yaml", "planText", plan, "id", "padded", "startedBy", "tester"));

		// then
		assertThat(response.status()).as(response.body()).isEqualTo(201);
		assertThat(this.tables.planText("padded")).isEqualTo(plan);
		awaitApproval("padded");
		cancel("padded");
	}

	@Test
	void fieldsAsLongAsTheirColumnsAreStoredWholeAndTheStateReasonIsCutToFit() {
		// given
		String planFile = "f".repeat(495) + ".yaml";
		String by = "b".repeat(200);
		TestHttp longNamed = as(operator(by));
		String reason = "r".repeat(2000);

		// when
		Response started = longNamed.post("/api/releases",
				Map.of("planFile", planFile, "planText", awaitingApproval("long", "ap-south-1"), "id", "long"));
		assertThat(started.status()).as(started.body()).isEqualTo(201);
		awaitApproval("long");
		Response cancelled = longNamed.post("/api/releases/long/cancel", Map.of("reason", reason));

		// then
		assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
		ReleaseStatus status = cancelled.as(ReleaseStatus.class);
		assertThat(status.planFile()).isEqualTo(planFile);
		assertThat(status.startedBy()).isEqualTo(by);
		assertThat(status.state()).isEqualTo(ReleaseState.CANCELLED);
		assertThat(status.reason()).hasSize(2000).startsWith("cancelled by " + by + ": rrr").endsWith("r…");
		EventRecord signal = this.releases.events("long").get(this.releases.events("long").size() - 1);
		assertThat(signal.by()).isEqualTo(by);
		assertThat(signal.reason()).isEqualTo(reason);
	}

	@Test
	void aStartWithAFieldLongerThanItsColumnIsRefusedWithTheFieldAndRecordsNothing() {
		// given
		String plan = awaitingApproval("too-long", "us-west-2");
		String longStage = plan("too-long", "s".repeat(201), "us-west-2", "us-west-2");
		String longGroup = plan("too-long", "only", "g".repeat(201), "us-west-2");
		int releases = this.tables.releaseCount();

		// when
		Response planFile = start(this.http, "p".repeat(496) + ".yaml", plan);
		ReleaseException startedBy = catchThrowableOfType(ReleaseException.class,
				() -> this.releases.start("too-long.yaml", plan, null, operator("s".repeat(201))));
		Response stage = start(this.http, "too-long.yaml", longStage);
		Response group = start(this.http, "too-long.yaml", longGroup);

		// then
		assertProblem(planFile, 400).isEqualTo("planFile is 501 characters long; the limit is 500");
		assertThat(startedBy.getMessage()).isEqualTo("startedBy is 201 characters long; the limit is 200");
		assertProblem(stage, 400).isEqualTo("too-long.yaml: stages[0].name is 201 characters long; the limit is 200");
		assertProblem(group, 400)
			.isEqualTo("too-long.yaml: stages[0].groups[0].name is 201 characters long; the limit is 200");
		assertThat(this.tables.releaseCount()).isEqualTo(releases);
	}

	@Test
	void aSignalWithAFieldLongerThanItsColumnIsRefusedAndChangesNothing() {
		// given
		startAwaitingApproval("signalled", "us-west-2");
		int events = this.releases.events("signalled").size();

		// when
		ReleaseException by = catchThrowableOfType(ReleaseException.class,
				() -> this.releases.signal("signalled", Signal.CANCEL, operator("b".repeat(201)), null));
		Response reason = this.http.post("/api/releases/signalled/cancel", Map.of("reason", "r".repeat(2001)));

		// then
		assertThat(by.getMessage()).isEqualTo("by is 201 characters long; the limit is 200");
		assertProblem(reason, 400).isEqualTo("reason is 2001 characters long; the limit is 2000");
		assertThat(this.tables.state("signalled")).isEqualTo(ReleaseState.AWAITING_APPROVAL);
		assertThat(this.releases.events("signalled")).hasSize(events);
		cancel("signalled");
	}

	@Test
	void aHostNotAllowedIsMisdirectedAndTheAllowedOnesAreAnswered() {
		// when
		Response rebound = getAs("attacker.example:" + this.port);
		Response none = this.http.raw("GET", "/api/releases", "HTTP/1.0", Map.of());
		Response localhost = getAs("localhost:" + this.port);
		Response loopback = getAs("127.0.0.1:" + this.port);
		Response ipv6 = getAs("[::1]:" + this.port);
		Response bare = getAs("LocalHost");

		// then
		assertProblem(rebound, 421).isEqualTo("this server does not answer to host 'attacker.example:" + this.port
				+ "'; it answers to localhost, 127.0.0.1, [::1] (flotilla.api.allowed-hosts)");
		assertProblem(none, 421).startsWith("this server does not answer to a request without a Host header; ");
		assertThat(List.of(localhost, loopback, ipv6, bare)).allSatisfy((response) -> {
			assertThat(response.status()).as(response.body()).isEqualTo(200);
			assertThat(response.json().isArray()).isTrue();
		});
	}

	private Response getAs(String host) {
		return this.http.raw("GET", "/api/releases", "HTTP/1.0",
				Map.of("Host", host, "Accept", "application/json", "Authorization", "Bearer " + this.http.token()));
	}

	private static AbstractStringAssert<?> assertProblem(Response response, int status) {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		assertThat(response.contentType()).as(response.body()).startsWith("application/problem+json");
		assertThat(response.json().get("status").asInt()).isEqualTo(status);
		return assertThat(response.json().get("detail").asString());
	}

	private HttpRequest.Builder json(HttpRequest.BodyPublisher body) {
		return this.http.request("/api/releases")
			.header("Accept", "application/json")
			.header("Content-Type", "application/json")
			.POST(body);
	}

	private static byte[] startRequest(String id, String planText) {
		return TestHttp.JSON.writeValueAsBytes(Map.of("planFile", id + ".yaml", "planText", planText, "id", id));
	}

	private static Response start(TestHttp caller, String planFile, String planText) {
		return caller.post("/api/releases", Map.of("planFile", planFile, "planText", planText));
	}

	private void startAwaitingApproval(String id, String context) {
		Response response = this.http.post("/api/releases",
				Map.of("planFile", id + ".yaml", "planText", awaitingApproval(id, context), "id", id));
		assertThat(response.status()).as(response.body()).isEqualTo(201);
		awaitApproval(id);
	}

	private void awaitApproval(String id) {
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(this.tables.state(id)).isEqualTo(ReleaseState.AWAITING_APPROVAL));
	}

	private void cancel(String id) {
		Response response = this.http.post("/api/releases/" + id + "/cancel", Map.of("reason", "test"));
		assertThat(response.status()).as(response.body()).isEqualTo(200);
	}

	/**
	 * A plan whose release waits for approval before it starts anything, holding its
	 * clusters until it is cancelled.
	 */
	private static String awaitingApproval(String name, String context) {
		return "approval: required\n" + plan(name, "only", context, context);
	}

	private static String plan(String name, String stage, String group, String context) {
		return TestPlans.plan(name, """
				stages:
				  - name: %s
				    groups:
				      - name: %s
				        contexts: [%s]
				""".formatted(stage, group, context));
	}

}
