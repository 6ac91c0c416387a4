package io.flotilla.security;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

import io.flotilla.account.Actor;
import io.flotilla.account.Role;
import io.flotilla.control.ReleaseState;
import io.flotilla.release.EventRecord;
import io.flotilla.support.ServerUnderTest;
import io.flotilla.support.SpringFleet;
import io.flotilla.support.TestFleets;
import io.flotilla.support.TestHttp;
import io.flotilla.support.TestHttp.Response;
import io.flotilla.support.TestPlans;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.flotilla.support.TestActors.operator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every endpoint against every kind of caller: anonymous, a bad, an expired and a revoked
 * token, a viewer, an operator, an admin, an operator outside a gate's approver group and
 * an approver. Each cell sends one request and checks its status; a refusal must be a
 * problem document and leave the releases, tokens and users exactly as they were, read
 * back from the database. A cell that is allowed to change something gets a target of its
 * own, so that no cell depends on another's outcome; the fleet-wide pause runs last.
 */
class AuthorizationMatrixIntegrationTests extends ServerUnderTest {

	private static final String CONTEXT = "matrix-1";

	private static final String APPROVERS = "sre-leads";

	@RegisterExtension
	static final SpringFleet fleets = SpringFleet.of(TestFleets.healthy(4, List.of(CONTEXT)));

	@DynamicPropertySource
	static void flotilla(DynamicPropertyRegistry registry) {
		fleets.register(registry);
		registry.add("flotilla.security.groups", () -> APPROVERS);
	}

	enum Caller {

		ANONYMOUS, BAD_TOKEN, EXPIRED_TOKEN, REVOKED_TOKEN, VIEWER, OPERATOR, ADMIN, OUTSIDER, APPROVER;

		boolean authenticated() {
			return ordinal() >= VIEWER.ordinal();
		}

		Role role() {
			return switch (this) {
				case ADMIN -> Role.ADMIN;
				case VIEWER -> Role.VIEWER;
				default -> Role.OPERATOR;
			};
		}

		String user() {
			return "caller-" + name().toLowerCase().replace('_', '-');
		}

	}

	/**
	 * An operation: who may, the status they get and the one others get, what is made for
	 * a caller before the snapshot (a target of its own, or null), and the request.
	 */
	record Operation(String name, Set<Caller> allowed, int allowedStatus, int refusedStatus,
			Function<Caller, String> prepare, CellRequest request) {

	}

	interface CellRequest {

		Response send(TestHttp http, String target);

	}

	private final Map<Caller, TestHttp> callers = new LinkedHashMap<>();

	@TestFactory
	Stream<DynamicTest> everyEndpointForEveryCaller() {
		connectCallers();
		startAndAwaitGate("shared", plan("shared", List.of(), true));
		long othersToken = this.tokens.create(new Actor("someone-else", Role.ADMIN, Set.of()), "theirs", null, null)
			.info()
			.id();
		Set<Caller> readers = Set.of(Caller.VIEWER, Caller.OPERATOR, Caller.ADMIN, Caller.OUTSIDER, Caller.APPROVER);
		Set<Caller> operators = Set.of(Caller.OPERATOR, Caller.ADMIN, Caller.OUTSIDER, Caller.APPROVER);
		Set<Caller> admins = Set.of(Caller.ADMIN);
		List<Operation> operations = new ArrayList<>();
		operations.add(read("list releases", readers, "/api/releases"));
		operations.add(read("read a release", readers, "/api/releases/shared"));
		operations.add(read("read its events", readers, "/api/releases/shared/events"));
		operations.add(read("list claims", readers, "/api/claims"));
		operations.add(read("who am I", readers, "/api/me"));
		operations.add(read("list tokens", readers, "/api/tokens"));
		operations.add(read("list users", admins, "/api/users"));
		operations.add(new Operation("start a release", operators, 201, 403, (caller) -> "started-" + caller.user(),
				(http, id) -> http.post("/api/releases",
						Map.of("planFile", id + ".yaml", "planText", plan(id, List.of(), false), "id", id))));
		operations.add(new Operation("pause a release", operators, 200, 403, (caller) -> {
			if (!operators.contains(caller)) {
				return "shared";
			}
			String id = "pause-" + caller.user();
			startAndAwaitGate(id, plan(id, List.of(), true));
			return id;
		}, (http, id) -> http.post("/api/releases/" + id + "/pause", Map.of("reason", "matrix"))));
		operations.add(new Operation("pass an approver gate", Set.of(Caller.APPROVER), 200, 403, (caller) -> {
			String id = "gated-" + caller.user();
			startAndAwaitGate(id, plan(id, List.of(APPROVERS), true));
			return id;
		}, (http, id) -> http.post("/api/releases/" + id + "/continue", Map.of("reason", "looks good"))));
		operations.add(new Operation("make a viewer token", readers, 201, 403, (caller) -> null,
				(http, none) -> http.post("/api/tokens", Map.of("name", "ci", "role", "viewer"))));
		operations.add(new Operation("make an admin token", admins, 201, 403, (caller) -> null,
				(http, none) -> http.post("/api/tokens", Map.of("name", "root", "role", "admin"))));
		operations.add(new Operation("revoke another user's token", admins, 200, 404, (caller) -> null,
				(http, none) -> send(http, "DELETE", "/api/tokens/" + othersToken, null)));
		operations.add(new Operation("create a user", admins, 201, 403, (caller) -> "new-" + caller.user(),
				(http, name) -> http.post("/api/users",
						Map.of("name", name, "role", "viewer", "password", "a long enough password"))));
		operations.add(new Operation("change another user's password", admins, 204, 403, (caller) -> null, (http,
				none) -> send(http, "PUT", "/api/users/admin/password", "{\"password\":\"another long password\"}")));
		operations.add(new Operation("disable a user", admins, 204, 403, (caller) -> {
			String name = "victim-" + caller.user();
			this.jdbc.sql("""
					INSERT INTO flotilla_user (name, password_hash, role, created_at, updated_at)
					VALUES (?, '{noop}x', 'VIEWER', now(), now())""").param(name).update();
			return name;
		}, (http, name) -> http.post("/api/users/" + name + "/disable", null)));
		operations.add(new Operation("pause every release", operators, 200, 403, (caller) -> null,
				(http, none) -> http.post("/api/releases/pause", Map.of("reason", "emergency"))));
		List<DynamicTest> cells = new ArrayList<>();
		for (Operation operation : operations) {
			for (Caller caller : Caller.values()) {
				cells.add(DynamicTest.dynamicTest(operation.name() + " as " + caller.user(),
						() -> check(operation, caller)));
			}
		}
		cells.add(DynamicTest.dynamicTest("the probes answer anyone", () -> {
			for (TestHttp http : this.callers.values()) {
				assertThat(http.get("/actuator/health/readiness").status()).isEqualTo(200);
			}
		}));
		return cells.stream();
	}

	@Test
	void aStageGateNamingApproversIsPassedOnlyByThemAndEveryRefusalIsRecorded() {
		// given
		String plan = TestPlans.plan("stage-gate", """
				approvers: [nobody-else]
				onConflict: skip
				stages:
				  - name: checked
				    approval: required
				    approvers: [%s]
				    groups:
				      - name: all
				        contexts: [%s]
				""".formatted(APPROVERS, CONTEXT));
		Response started = as(operator("starter")).post("/api/releases",
				Map.of("planFile", "stage-gate.yaml", "planText", plan, "id", "stage-gate"));
		assertThat(started.status()).as(started.body()).isEqualTo(400);
		int line = (int) plan.substring(0, plan.indexOf("approvers: [nobody-else]")).lines().count() + 1;
		assertThat(started.json().get("detail").asString()).startsWith("stage-gate.yaml:" + line
				+ ":13: approvers[0]: unknown approver group 'nobody-else' (known " + "groups: " + APPROVERS + ")");
		plan = plan.replace("approvers: [nobody-else]\n", "");
		assertThat(as(operator("starter"))
			.post("/api/releases", Map.of("planFile", "stage-gate.yaml", "planText", plan, "id", "stage-gate"))
			.status()).isEqualTo(201);
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.releases.status("stage-gate").state() == ReleaseState.AWAITING_APPROVAL);

		// when
		Response admin = as(new Actor("root", Role.ADMIN, Set.of())).post("/api/releases/stage-gate/continue",
				Map.of("reason", "I am admin"));
		Response approver = as(new Actor("lead", Role.OPERATOR, Set.of(APPROVERS)))
			.post("/api/releases/stage-gate/continue", Map.of("reason", "checked"));

		// then
		assertThat(admin.status()).isEqualTo(403);
		assertThat(admin.json().get("detail").asString())
			.isEqualTo("only members of sre-leads may pass the approval of stage checked; root is not");
		assertThat(approver.status()).as(approver.body()).isEqualTo(200);
		List<EventRecord> events = this.releases.events("stage-gate");
		assertThat(events).filteredOn((event) -> event.kind().equals("signal.refused"))
			.singleElement()
			.satisfies((refused) -> {
				assertThat(refused.by()).isEqualTo("root");
				assertThat(refused.stage()).isEqualTo("checked");
				assertThat(refused.reason()).isEqualTo("I am admin");
				assertThat(refused.before()).isEqualTo(ReleaseState.AWAITING_APPROVAL);
				assertThat(refused.after()).isEqualTo(ReleaseState.AWAITING_APPROVAL);
			});
		assertThat(events).filteredOn((event) -> event.kind().equals("signal.applied"))
			.extracting(EventRecord::by)
			.containsExactly("lead");
		awaitReleasesAtRest();
	}

	private void check(Operation operation, Caller caller) {
		boolean allowed = operation.allowed().contains(caller);
		String target = operation.prepare().apply(caller);
		String before = snapshot();
		Response response = operation.request().send(this.callers.get(caller), target);
		int expected = !caller.authenticated() ? 401
				: (allowed ? operation.allowedStatus() : operation.refusedStatus());
		assertThat(response.status()).as("%s as %s: %s", operation.name(), caller.user(), response.body())
			.isEqualTo(expected);
		if (!allowed || !caller.authenticated()) {
			assertThat(response.contentType()).startsWith("application/problem+json");
			assertThat(response.json().get("detail").asString()).isNotBlank();
			assertThat(snapshot()).as("what %s as %s left", operation.name(), caller.user()).isEqualTo(before);
		}
		else {
			awaitReleasesAtRest();
		}
	}

	/**
	 * Waits until no release moves on its own, so that a later refusal's snapshot sees
	 * only what the refused request could have changed.
	 */
	private void awaitReleasesAtRest() {
		Set<ReleaseState> atRest = Set.of(ReleaseState.AWAITING_APPROVAL, ReleaseState.PAUSED, ReleaseState.COMPLETED,
				ReleaseState.CANCELLED, ReleaseState.FAILED);
		await("every release at rest").atMost(Duration.ofSeconds(30))
			.until(() -> this.releases.list().stream().allMatch((release) -> atRest.contains(release.state())));
	}

	private static Operation read(String name, Set<Caller> allowed, String path) {
		return new Operation(name, allowed, 200, 403, (caller) -> null, (http, none) -> http.get(path));
	}

	private void connectCallers() {
		this.callers.put(Caller.ANONYMOUS, this.anonymous);
		this.callers.put(Caller.BAD_TOKEN, this.anonymous.withToken("flt_not-a-token-of-this-server"));
		TestHttp expired = as(new Actor("expired", Role.ADMIN, Set.of()));
		this.jdbc.sql("UPDATE flotilla_token SET expires_at = now() - interval '1 minute' WHERE owner = 'expired'")
			.update();
		this.callers.put(Caller.EXPIRED_TOKEN, expired);
		Actor revokedOwner = new Actor("revoked", Role.ADMIN, Set.of());
		var revoked = this.tokens.create(revokedOwner, "soon-revoked", null, null);
		this.tokens.revoke(revokedOwner, revoked.info().id());
		this.callers.put(Caller.REVOKED_TOKEN, this.anonymous.withToken(revoked.token()));
		for (Caller caller : List.of(Caller.VIEWER, Caller.OPERATOR, Caller.ADMIN, Caller.OUTSIDER, Caller.APPROVER)) {
			Set<String> groups = (caller == Caller.APPROVER) ? Set.of(APPROVERS) : Set.of("dba");
			this.callers.put(caller, as(new Actor(caller.user(), caller.role(), groups)));
		}
	}

	/**
	 * Every row a refused request must leave alone: the releases and their gates, the
	 * claims, the tokens and the users.
	 */
	private String snapshot() {
		return String.join("\n", rows("SELECT id, state, approved_by, current_stage FROM flotilla_release ORDER BY id"),
				rows("SELECT release_id, name, approved_by FROM flotilla_stage ORDER BY release_id, name"),
				rows("SELECT count(*) FROM flotilla_claim"),
				rows("SELECT id, name, role, owner, expires_at, revoked_at FROM flotilla_token ORDER BY id"),
				rows("SELECT name, role, password_hash, disabled, groups FROM flotilla_user ORDER BY name"));
	}

	private String rows(String sql) {
		return this.jdbc.sql(sql).query().listOfRows().toString();
	}

	private void startAndAwaitGate(String id, String plan) {
		this.releases.start(id + ".yaml", plan, id, operator("setup"));
		await("release " + id + " at its gate").atMost(Duration.ofSeconds(20))
			.until(() -> this.releases.status(id).state() == ReleaseState.AWAITING_APPROVAL);
	}

	private static String plan(String name, List<String> approvers, boolean gated) {
		return TestPlans.plan(name,
				"""
						approval: %s
						%s
						stages:
						  - name: only
						    groups:
						      - name: all
						        contexts: [%s]
						""".formatted(gated ? "required" : "none",
						approvers.isEmpty() ? "" : "approvers: [" + String.join(", ", approvers) + "]", CONTEXT)
						+ skipHeld());
	}

	private static String skipHeld() {
		return "onConflict: skip\n";
	}

	private static Response send(TestHttp http, String method, String path, String json) {
		HttpRequest.Builder request = http.request(path).header("Accept", "application/json");
		if (json == null) {
			return http.send(request.method(method, HttpRequest.BodyPublishers.noBody()));
		}
		return http.send(request.header("Content-Type", "application/json")
			.method(method, HttpRequest.BodyPublishers.ofString(json)));
	}

}
