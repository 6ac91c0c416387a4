package io.flotilla.security;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.flotilla.control.ReleaseState;
import io.flotilla.support.OidcBrowser;
import io.flotilla.support.OidcProvider;
import io.flotilla.support.ServerUnderTest;
import io.flotilla.support.SpringFleet;
import io.flotilla.support.TestFleets;
import io.flotilla.support.TestHttp;
import io.flotilla.support.TestHttp.Response;
import io.flotilla.support.TestPlans;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.flotilla.support.TestActors.operator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Single sign-on end to end: the server finds a real {@link OidcProvider} by its issuer,
 * a browser signs in through the provider's login form, and the session it comes back
 * with is the user's, with the role their groups map to and every group for approver
 * lists. A user in no mapped group is refused at login; a browser without a session is
 * sent to the login page. A session's POST carries the CSRF token of the server's pages,
 * as a form of theirs would, so that a refusal is the role's or the approvers', not the
 * CSRF check's.
 */
class OidcLoginIntegrationTests extends ServerUnderTest {

	private static final String REGISTRATION = "sso";

	private static final String CONTEXT = "oidc-1";

	private static final String APPROVERS = "sre-leads";

	private static final String PASSWORD = "provider-password";

	private static final String SESSION_COOKIE = "JSESSIONID";

	@RegisterExtension
	static final SpringFleet fleets = SpringFleet.of(TestFleets.healthy(2, List.of(CONTEXT)));

	private static OidcProvider provider;

	/**
	 * Starts the provider before the server, which reads the provider's metadata from its
	 * issuer as it starts.
	 */
	@DynamicPropertySource
	static void flotilla(DynamicPropertyRegistry registry) {
		fleets.register(registry);
		provider = OidcProvider.builder("flotilla", "s3cret")
			.allowRedirect("http://127.0.0.1/login/oauth2/code/" + REGISTRATION)
			.user("alice", PASSWORD, Set.of(APPROVERS, "flotilla-operators"))
			.user("bob", PASSWORD, Set.of("flotilla-viewers"))
			.user("carol", PASSWORD, Set.of("contractors"))
			.user("dave", PASSWORD, Set.of("flotilla-operators"))
			.start();
		String registration = "spring.security.oauth2.client.registration." + REGISTRATION + ".";
		registry.add(registration + "client-id", () -> "flotilla");
		registry.add(registration + "client-secret", () -> "s3cret");
		registry.add(registration + "scope", () -> "openid,profile");
		registry.add(registration + "authorization-grant-type", () -> "authorization_code");
		registry.add(registration + "redirect-uri", () -> "{baseUrl}/login/oauth2/code/{registrationId}");
		registry.add("spring.security.oauth2.client.provider." + REGISTRATION + ".issuer-uri", provider::issuerUri);
		registry.add("flotilla.security.oidc.roles.operator", () -> "flotilla-operators");
		registry.add("flotilla.security.oidc.roles.viewer", () -> "flotilla-viewers");
		// an approver list may name only a group that exists: sre-leads maps to no role
		registry.add("flotilla.security.groups", () -> APPROVERS);
	}

	@AfterAll
	static void stopProvider() {
		if (provider != null) {
			provider.close();
		}
	}

	@Test
	void anOperatorSignsInAndTheSessionIsTheirsWithTheirGroups() {
		// when: alice signs in through the provider
		OidcBrowser browser = signIn("alice");

		// then: her session is alice, an operator, with every group of her ID token
		Response me = get(browser, "/api/me");
		assertThat(me.status()).as(me.body()).isEqualTo(200);
		JsonNode actor = me.json();
		assertThat(actor.get("name").asString()).isEqualTo("alice");
		assertThat(actor.get("role").asString()).isEqualTo("OPERATOR");
		assertThat(actor.get("groups").valueStream().map(JsonNode::asString)).containsExactlyInAnyOrder(APPROVERS,
				"flotilla-operators");
		// and without the session the same request is anyone's
		assertThat(this.anonymous.get("/api/me").status()).isEqualTo(401);
		// and the login is in the audit log
		assertThat(logins("alice"))
			.contains("login.succeeded: alice signed on as operator in groups " + "flotilla-operators, sre-leads");
	}

	private List<String> logins(String user) {
		return this.jdbc
			.sql("SELECT kind, message FROM flotilla_event WHERE subject_type = 'user' AND subject_id = ? ORDER BY id")
			.param(user)
			.query((rs, row) -> rs.getString("kind") + ": " + rs.getString("message"))
			.list();
	}

	@Test
	void aViewerReadsButIsRefusedWhatNeedsAnOperatorOrAnAdmin() {
		// given: bob, of flotilla-viewers, signed in
		OidcBrowser browser = signIn("bob");
		Response me = get(browser, "/api/me");
		assertThat(me.json().get("name").asString()).isEqualTo("bob");
		assertThat(me.json().get("role").asString()).isEqualTo("VIEWER");
		assertThat(get(browser, "/api/releases").status()).isEqualTo(200);

		// when: he starts a release with the CSRF token, as a page of the server would
		Response start = post(browser, "/api/releases", startRequest("bob-start"), csrfToken(browser));

		// then: it is his role that refuses him, and nothing started
		assertThat(start.status()).as(start.body()).isEqualTo(403);
		assertThat(start.json().get("detail").asString()).isEqualTo("your role may not POST /api/releases");
		assertThat(this.jdbc.sql("SELECT count(*) FROM flotilla_release WHERE id = 'bob-start'")
			.query(Integer.class)
			.single()).isZero();
		// and an admin's read is refused too
		Response users = get(browser, "/api/users");
		assertThat(users.status()).isEqualTo(403);
		assertThat(users.json().get("detail").asString()).isEqualTo("your role may not GET /api/users");
	}

	@Test
	void aSessionsPostWithoutTheCsrfTokenIsRefusedWhateverTheRole() {
		// given: alice, who may start releases, signed in
		OidcBrowser browser = signIn("alice");

		// when: a POST rides her session without the CSRF token, as another site's form
		// would
		Response start = post(browser, "/api/releases", startRequest("csrf-start"), null);
		Response otherScheme = this.anonymous.send(withSession(browser, "/api/releases")
			.header("Content-Type", "application/json")
			.header("Authorization", "Basic YWxpY2U6eA==")
			.POST(HttpRequest.BodyPublishers.ofString(TestHttp.JSON.writeValueAsString(startRequest("csrf-start")))));

		// then: the CSRF check refuses it, and nothing started
		assertThat(start.status()).isEqualTo(403);
		assertThat(start.contentType()).startsWith("application/problem+json");
		assertThat(start.json().get("detail").asString()).contains("no valid CSRF token");
		assertThat(otherScheme.status()).as("a header of another scheme spares no check").isEqualTo(403);
		assertThat(otherScheme.json().get("detail").asString()).contains("no valid CSRF token");
		assertThat(this.jdbc.sql("SELECT count(*) FROM flotilla_release WHERE id = 'csrf-start'")
			.query(Integer.class)
			.single()).isZero();
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void aUserInNoMappedGroupIsRefusedAtLoginAndStaysAnonymous(CapturedOutput output) {
		// when: carol, whose only group maps to no role, signs in at the provider
		OidcBrowser browser = new OidcBrowser();
		OidcBrowser.Page page = browser.signIn(server() + "/oauth2/authorization/" + REGISTRATION, "carol", PASSWORD);

		// then: the server sends her back to its login page with an error
		assertThat(page.uri().toString()).isEqualTo(server() + "/login?error");
		assertThat(page.isLoginForm()).isTrue();
		// for the reason the server logs: not a failure of the provider's
		assertThat(output)
			.contains("single sign-on refused carol: none of the groups [contractors] is mapped to a role");
		// and whatever session she holds is nobody's
		assertThat(get(browser, "/api/me").status()).isEqualTo(401);
		assertThat(logins("carol")).containsExactly(
				"login.refused: carol signed on, but none of the groups [contractors] is mapped to a role");
		assertThat(browser.get(server() + "/").uri().toString()).isEqualTo(server() + "/login");
	}

	@Test
	void aBrowserWithoutASessionIsSentToTheLoginPageAndAnApiCallerGets401() {
		// when: a browser asks for a page without a session
		OidcBrowser.Page page = new OidcBrowser().get(server() + "/releases");

		// then: it lands on the server's login page, which offers single sign-on
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.uri().toString()).isEqualTo(server() + "/login");
		assertThat(page.isLoginForm()).isTrue();
		assertThat(page.body()).contains("/oauth2/authorization/" + REGISTRATION);
		// and the API is never a page: even a browser's Accept gets a problem document
		Response api = this.anonymous.send(this.anonymous.request("/api/me").header("Accept", "text/html").GET());
		assertThat(api.status()).isEqualTo(401);
		assertThat(api.contentType()).startsWith("application/problem+json");
	}

	@Test
	void onlyAMemberOfTheApproversGroupPassesTheGateThatNamesIt() {
		// given: a release waiting at a gate only sre-leads may pass
		String id = "sso-gated";
		this.releases.start(id + ".yaml", gatedPlan(id), id, operator("setup"));
		await("release " + id + " at its gate").atMost(Duration.ofSeconds(30))
			.until(() -> this.releases.status(id).state() == ReleaseState.AWAITING_APPROVAL);
		Map<String, String> reason = Map.of("reason", "looks good");

		// when: bob (a viewer) and dave (an operator, not in sre-leads) try to pass it
		OidcBrowser bob = signIn("bob");
		Response byBob = post(bob, "/api/releases/" + id + "/continue", reason, csrfToken(bob));
		OidcBrowser dave = signIn("dave");
		Response byDave = post(dave, "/api/releases/" + id + "/continue", reason, csrfToken(dave));

		// then: bob's role refuses him, dave's groups refuse him, and the gate holds
		assertThat(byBob.status()).as(byBob.body()).isEqualTo(403);
		assertThat(byBob.json().get("detail").asString())
			.isEqualTo("your role may not POST /api/releases/" + id + "/continue");
		assertThat(byDave.status()).as(byDave.body()).isEqualTo(403);
		assertThat(byDave.json().get("detail").asString()).contains("only members of " + APPROVERS)
			.contains("dave is not");
		assertThat(this.releases.status(id).state()).isEqualTo(ReleaseState.AWAITING_APPROVAL);

		// when: alice, of sre-leads, passes it
		OidcBrowser alice = signIn("alice");
		Response byAlice = post(alice, "/api/releases/" + id + "/continue", reason, csrfToken(alice));

		// then: the gate is passed, by alice
		assertThat(byAlice.status()).as(byAlice.body()).isEqualTo(200);
		assertThat(this.jdbc.sql("SELECT approved_by FROM flotilla_release WHERE id = ?")
			.param(id)
			.query(String.class)
			.single()).isEqualTo("alice");
		await("release " + id + " completed").atMost(Duration.ofSeconds(30))
			.until(() -> this.releases.status(id).state() == ReleaseState.COMPLETED);
	}

	/**
	 * Signs the user in through the provider, starting where the server's login page
	 * sends a browser for single sign-on, and answers the browser holding the session.
	 */
	private OidcBrowser signIn(String user) {
		OidcBrowser browser = new OidcBrowser();
		OidcBrowser.Page landing = browser.signIn(server() + "/oauth2/authorization/" + REGISTRATION, user, PASSWORD);
		// the default target, /, sends a browser on to the console
		assertThat(landing.uri().toString()).as("where %s's sign-in ended", user)
			.isEqualTo(server() + "/console/releases");
		assertThat(browser.cookie(server(), SESSION_COOKIE)).as("%s's session", user).isPresent();
		return browser;
	}

	/**
	 * The CSRF token of the browser's session, as the server's login page writes it into
	 * its form.
	 */
	private String csrfToken(OidcBrowser browser) {
		String token = browser.get(server() + "/login").hiddenInputs().get("_csrf");
		assertThat(token).as("the login page's CSRF token").isNotBlank();
		return token;
	}

	private Response get(OidcBrowser browser, String path) {
		return this.anonymous.send(withSession(browser, path).GET());
	}

	private Response post(OidcBrowser browser, String path, Object body, String csrfToken) {
		HttpRequest.Builder request = withSession(browser, path).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(TestHttp.JSON.writeValueAsString(body)));
		if (csrfToken != null) {
			request.header("X-CSRF-TOKEN", csrfToken);
		}
		return this.anonymous.send(request);
	}

	/**
	 * A request of an API client that sends the browser's session cookie and no token.
	 */
	private HttpRequest.Builder withSession(OidcBrowser browser, String path) {
		HttpRequest.Builder request = this.anonymous.request(path).header("Accept", "application/json");
		browser.cookie(server(), SESSION_COOKIE)
			.ifPresent((session) -> request.header("Cookie", SESSION_COOKIE + "=" + session));
		return request;
	}

	private String server() {
		return this.anonymous.baseUrl();
	}

	private static Map<String, String> startRequest(String id) {
		return Map.of("planFile", id + ".yaml", "planText", gatedPlan(id), "id", id);
	}

	private static String gatedPlan(String name) {
		return TestPlans.plan(name, """
				approval: required
				approvers: [%s]
				onConflict: skip
				stages:
				  - name: only
				    groups:
				      - name: all
				        contexts: [%s]
				""".formatted(APPROVERS, CONTEXT));
	}

}
