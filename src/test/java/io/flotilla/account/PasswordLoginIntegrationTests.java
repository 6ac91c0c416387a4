package io.flotilla.account;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.flotilla.audit.Subject;
import io.flotilla.support.OidcBrowser;
import io.flotilla.support.ServerUnderTest;
import io.flotilla.support.SpringFleet;
import io.flotilla.support.TestAccounts;
import io.flotilla.support.TestFleets;
import io.flotilla.support.TestHttp;
import io.flotilla.support.TestHttp.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * Local users' passwords and tokens through the server's API, as {@code flotilla login}
 * and {@code flotilla token} use it: a password login makes a token, a wrong one is
 * refused in the same words whether or not the user exists, failures per user and address
 * are limited within a window and recorded with the address as the actor, and a token
 * stops working once it expires, is revoked or its owner is disabled. Every test has
 * users of its own, so that no test's failures count against another's.
 */
class PasswordLoginIntegrationTests extends ServerUnderTest {

	private static final Duration WINDOW = Duration.ofSeconds(10);

	private static final String CLIENT_ADDRESS = "127.0.0.1";

	private static final String WRONG_PASSWORD = "not the password at all";

	private static final String REFUSED = "wrong user name or password";

	@RegisterExtension
	static final SpringFleet fleets = SpringFleet.of(TestFleets.healthy(2, List.of("login-1")));

	@DynamicPropertySource
	static void flotilla(DynamicPropertyRegistry registry) {
		fleets.register(registry);
		registry.add("flotilla.security.login-window", () -> WINDOW.toSeconds() + "s");
	}

	private TestHttp admin;

	@BeforeEach
	void logInAsTheFirstAdmin() {
		this.admin = this.anonymous.loggedIn(TestAccounts.ADMIN, TestAccounts.ADMIN_PASSWORD);
	}

	@Test
	void theRightPasswordMakesATokenThatSpeaksForTheUser() {
		// given
		createUser("lena", "operator");

		// when
		Response login = login("lena", passwordOf("lena"));

		// then: a login token of lena's, with her role, for the login lifetime
		assertThat(login.status()).as(login.body()).isEqualTo(201);
		String token = login.json().get("token").asString();
		assertThat(token).startsWith(Tokens.PREFIX);
		JsonNode info = login.json().get("info");
		assertThat(info.get("name").asString()).isEqualTo("login");
		assertThat(info.get("role").asString()).isEqualTo("OPERATOR");
		assertThat(info.get("owner").asString()).isEqualTo("lena");
		assertThat(Instant.parse(info.get("expiresAt").asString())).isCloseTo(Instant.now().plus(Duration.ofHours(12)),
				within(Duration.ofMinutes(1)));
		// and it works
		Response me = this.anonymous.withToken(token).get("/api/me");
		assertThat(me.status()).isEqualTo(200);
		assertThat(me.json().get("name").asString()).isEqualTo("lena");
		assertThat(me.json().get("role").asString()).isEqualTo("OPERATOR");
		assertThat(audit(Subject.user("lena"))).containsExactly("user.created by admin", "login.succeeded by lena");
	}

	@Test
	void aWrongPasswordAndAnUnknownUserAreRefusedInTheSameWords() {
		// given
		createUser("wendy", "viewer");

		// when
		Response wrongPassword = login("wendy", WRONG_PASSWORD);
		Response unknownUser = login("nobody-of-that-name", WRONG_PASSWORD);

		// then: the same problem document, which names nobody
		for (Response refused : List.of(wrongPassword, unknownUser)) {
			assertThat(refused.status()).isEqualTo(401);
			assertThat(refused.contentType()).startsWith("application/problem+json");
			assertThat(refused.json().get("detail").asString()).isEqualTo(REFUSED);
		}
		assertThat(unknownUser.json().get("title")).isEqualTo(wrongPassword.json().get("title"));
		// and each failure is recorded under the name tried, with the client's address
		assertThat(audit(Subject.user("wendy"))).containsExactly("user.created by admin",
				"login.failed by " + CLIENT_ADDRESS);
		assertThat(audit(Subject.user("nobody-of-that-name"))).containsExactly("login.failed by " + CLIENT_ADDRESS);
	}

	@Test
	void fiveFailuresFromAnAddressLockTheUserOutOfItUntilTheWindowHasPassed() {
		// given: tess's password guessed wrong five times from this address
		createUser("tess", "operator");
		createUser("tom", "operator");
		for (int attempt = 1; attempt <= 5; attempt++) {
			assertThat(login("tess", WRONG_PASSWORD + " " + attempt).status()).as("attempt %d", attempt).isEqualTo(401);
		}

		// when: the sixth attempt has the right password
		Response sixth = login("tess", passwordOf("tess"));

		// then: it is refused all the same, saying when to try again
		assertThat(sixth.status()).as(sixth.body()).isEqualTo(429);
		assertThat(sixth.header("Retry-After")).hasValue(Long.toString(WINDOW.toSeconds()));
		assertThat(sixth.contentType()).startsWith("application/problem+json");
		assertThat(sixth.json().get("detail").asString()).startsWith("too many failed logins for tess");
		// and each failure is in the audit log with the address as the actor
		assertThat(audit(Subject.user("tess"))).containsExactly("user.created by admin",
				"login.failed by " + CLIENT_ADDRESS, "login.failed by " + CLIENT_ADDRESS,
				"login.failed by " + CLIENT_ADDRESS, "login.failed by " + CLIENT_ADDRESS,
				"login.failed by " + CLIENT_ADDRESS, "login.limited by " + CLIENT_ADDRESS);
		// and another user from the same address is not locked out
		assertThat(login("tom", passwordOf("tom")).status()).isEqualTo(201);
		// and once the failures are older than the window, tess logs in again
		await("tess's failures out of the window").atMost(WINDOW.plusSeconds(20))
			.pollInterval(Duration.ofSeconds(1))
			.until(() -> login("tess", passwordOf("tess")).status() == 201);
	}

	@Test
	void anAddressGuessingAcrossManyNamesIsLockedOutOfEveryName() {
		// given: one address trying a password for one name after another
		createUser("una", "operator");
		int failures = 0;
		Response answer = login("spray-0", WRONG_PASSWORD);
		Instant lastFailure = Instant.now();
		while (answer.status() == 401 && failures < 20) {
			failures++;
			answer = login("spray-" + failures, WRONG_PASSWORD);
			lastFailure = Instant.now();
		}

		// then: by the 20th failure the address is refused, and for a name it never tried
		assertThat(answer.status()).as("after %d failures: %s", failures, answer.body()).isEqualTo(429);
		assertThat(answer.json().get("detail").asString()).startsWith("too many failed logins from this address");
		Response una = login("una", passwordOf("una"));
		assertThat(una.status()).isEqualTo(429);
		assertThat(una.header("Retry-After")).hasValue(Long.toString(WINDOW.toSeconds()));
		// and once every failure is older than the window, so that no other test meets
		// them, the address may log in again
		Instant clear = lastFailure.plus(WINDOW);
		await("the address's failures out of the window").atMost(WINDOW.plusSeconds(20))
			.pollInterval(Duration.ofSeconds(1))
			.until(() -> Instant.now().isAfter(clear) && login("una", passwordOf("una")).status() == 201);
	}

	@Test
	void aDisabledUserCannotLogInAndTheirTokensStopWorking() {
		// given: dora with a login token and a token she made
		createUser("dora", "operator");
		TestHttp dora = this.anonymous.loggedIn("dora", passwordOf("dora"));
		Response made = dora.post("/api/tokens", Map.of("name", "ci"));
		assertThat(made.status()).as(made.body()).isEqualTo(201);
		TestHttp ci = this.anonymous.withToken(made.json().get("token").asString());
		assertThat(ci.get("/api/me").status()).isEqualTo(200);

		// when: an admin disables her
		assertThat(this.admin.post("/api/users/dora/disable", null).status()).isEqualTo(204);

		// then: her password is refused in the words of a wrong one, and her tokens are
		// refused
		Response login = login("dora", passwordOf("dora"));
		assertThat(login.status()).isEqualTo(401);
		assertThat(login.json().get("detail").asString()).isEqualTo(REFUSED);
		for (TestHttp token : List.of(dora, ci)) {
			Response me = token.get("/api/me");
			assertThat(me.status()).isEqualTo(401);
			assertThat(me.contentType()).startsWith("application/problem+json");
		}
		assertThat(audit(Subject.user("dora"))).contains("user.disabled by admin");
	}

	@Test
	void aTokenIsRefusedOnceItHasExpired() {
		// given: a token that lives five seconds
		createUser("ezra", "operator");
		TestHttp ezra = this.anonymous.loggedIn("ezra", passwordOf("ezra"));
		Response made = ezra.post("/api/tokens", Map.of("name", "brief", "expires", "5s"));
		assertThat(made.status()).as(made.body()).isEqualTo(201);
		TestHttp brief = this.anonymous.withToken(made.json().get("token").asString());
		assertThat(Instant.parse(made.json().get("info").get("expiresAt").asString()))
			.isCloseTo(Instant.now().plusSeconds(5), within(Duration.ofSeconds(3)));
		assertThat(brief.get("/api/me").status()).isEqualTo(200);

		// when its expiry has passed, then it is refused as invalid
		await("the token expired").atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> brief.get("/api/me").status() == 401);
		Response refused = brief.get("/api/me");
		assertThat(refused.header("WWW-Authenticate"))
			.hasValueSatisfying((challenge) -> assertThat(challenge).startsWith("Bearer").contains("invalid_token"));
		assertThat(refused.json().get("detail").asString()).contains("expired");
	}

	@Test
	void aUserCannotMakeATokenWithARoleAboveTheirOwn() {
		// given
		createUser("vera", "viewer");
		createUser("omar", "operator");
		TestHttp vera = this.anonymous.loggedIn("vera", passwordOf("vera"));
		TestHttp omar = this.anonymous.loggedIn("omar", passwordOf("omar"));

		// when
		Response veraOperator = vera.post("/api/tokens", Map.of("name", "up", "role", "operator"));
		Response omarAdmin = omar.post("/api/tokens", Map.of("name", "up", "role", "admin"));
		Response omarViewer = omar.post("/api/tokens", Map.of("name", "down", "role", "viewer"));

		// then: above their role is refused, and nothing is made; below it is fine
		assertThat(veraOperator.status()).isEqualTo(403);
		assertThat(veraOperator.json().get("detail").asString())
			.isEqualTo("vera is viewer and may make tokens with at most that role, not operator");
		assertThat(omarAdmin.status()).isEqualTo(403);
		assertThat(omarAdmin.json().get("detail").asString())
			.isEqualTo("omar is operator and may make tokens with at most that role, not admin");
		assertThat(this.jdbc.sql("SELECT count(*) FROM flotilla_token WHERE name = 'up'").query(Integer.class).single())
			.isZero();
		assertThat(omarViewer.status()).isEqualTo(201);
		assertThat(omarViewer.json().get("info").get("role").asString()).isEqualTo("VIEWER");
	}

	@Test
	void theTokenListShowsNameRoleOwnerAndWhenEachWasMadeLastUsedAndExpires() {
		// given: lou's login token and a viewer token of his, used once
		createUser("lou", "operator");
		createUser("liv", "operator");
		TestHttp lou = this.anonymous.loggedIn("lou", passwordOf("lou"));
		this.anonymous.loggedIn("liv", passwordOf("liv"));
		Response made = lou.post("/api/tokens", Map.of("name", "ci", "role", "viewer", "expires", "30d"));
		assertThat(made.status()).as(made.body()).isEqualTo(201);
		String secret = made.json().get("token").asString();
		assertThat(this.anonymous.withToken(secret).get("/api/me").status()).isEqualTo(200);

		// when
		Response list = lou.get("/api/tokens");

		// then: lou's tokens and nobody else's, each with its times, none with its secret
		assertThat(list.status()).isEqualTo(200);
		assertThat(list.body()).doesNotContain(secret).doesNotContain(lou.token());
		assertThat(list.json().valueStream().map((token) -> token.get("owner").asString())).containsOnly("lou");
		assertThat(list.json().valueStream().map((token) -> token.get("name").asString())).containsExactly("login",
				"ci");
		JsonNode ci = list.json().get(1);
		assertThat(ci.get("role").asString()).isEqualTo("VIEWER");
		Instant created = Instant.parse(ci.get("createdAt").asString());
		assertThat(created).isCloseTo(Instant.now(), within(Duration.ofMinutes(1)));
		assertThat(Instant.parse(ci.get("lastUsedAt").asString())).isBetween(created, Instant.now());
		assertThat(Instant.parse(ci.get("expiresAt").asString())).isEqualTo(created.plus(Duration.ofDays(30)));
		assertThat(ci.get("revokedAt").isNull()).isTrue();
		// and an admin's list holds everyone's
		assertThat(this.admin.get("/api/tokens").json().valueStream().map((token) -> token.get("owner").asString()))
			.contains("lou", "liv", TestAccounts.ADMIN);
	}

	@Test
	void aRevokedTokenIsRefusedAtOnceAndEachRevocationRecordsWhoRevoked() {
		// given: rita's login token and a token she made
		createUser("rita", "operator");
		TestHttp rita = this.anonymous.loggedIn("rita", passwordOf("rita"));
		Response made = rita.post("/api/tokens", Map.of("name", "deploy"));
		long deployId = made.json().get("info").get("id").asLong();
		TestHttp deploy = this.anonymous.withToken(made.json().get("token").asString());
		long loginId = tokenId(rita.token());
		assertThat(deploy.get("/api/me").status()).isEqualTo(200);

		// when: she revokes the one she made
		Response revoked = delete(rita, "/api/tokens/" + deployId);

		// then: it is refused on its next use
		assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);
		assertThat(revoked.json().get("revokedAt").isNull()).isFalse();
		assertThat(deploy.get("/api/me").status()).isEqualTo(401);
		// and she may not revoke the admin's, which she is told is none of hers
		assertThat(delete(rita, "/api/tokens/" + tokenId(this.admin.token())).status()).isEqualTo(404);
		assertThat(this.admin.get("/api/me").status()).isEqualTo(200);

		// when: an admin revokes her login token, then it is refused too
		assertThat(delete(this.admin, "/api/tokens/" + loginId).status()).isEqualTo(200);
		assertThat(rita.get("/api/me").status()).isEqualTo(401);

		// and the audit log has who made and who revoked each
		assertThat(audit(Subject.token(deployId))).containsExactly("token.created by rita", "token.revoked by rita");
		assertThat(audit(Subject.token(loginId))).containsExactly("token.created by rita", "token.revoked by admin");
	}

	@Test
	void everyChangeToAUserIsRecordedWithWhoMadeIt() {
		// given: uma, created by the admin
		createUser("uma", "viewer");
		String adminsChoice = "the admin's choice of password";
		String umasChoice = "uma's own choice of password";

		// when: the admin sets her password, she sets her own, and the admin disables her
		assertThat(put(this.admin, "/api/users/uma/password", Map.of("password", adminsChoice)).status())
			.isEqualTo(204);
		TestHttp uma = this.anonymous.loggedIn("uma", adminsChoice);
		assertThat(put(uma, "/api/users/uma/password", Map.of("password", umasChoice)).status()).isEqualTo(204);
		assertThat(login("uma", adminsChoice).status()).isEqualTo(401);
		assertThat(login("uma", umasChoice).status()).isEqualTo(201);
		assertThat(this.admin.post("/api/users/uma/disable", null).status()).isEqualTo(204);

		// then
		assertThat(audit(Subject.user("uma"))).containsExactly("user.created by admin",
				"user.password-changed by admin", "login.succeeded by uma", "user.password-changed by uma",
				"login.failed by " + CLIENT_ADDRESS, "login.succeeded by uma", "user.disabled by admin");
		JsonNode users = this.admin.get("/api/users").json();
		JsonNode listed = users.valueStream()
			.filter((user) -> user.get("name").asString().equals("uma"))
			.findFirst()
			.orElseThrow();
		assertThat(listed.get("disabled").asBoolean()).isTrue();
		assertThat(listed.toString()).doesNotContain("password");
	}

	@Test
	void theLoginFormMakesASessionThatCountsItsFailuresWithTheApisAndEndsWhenTheUserIsDisabled() {
		// given: the login page, which a browser is sent to
		createUser("fay", "operator");
		OidcBrowser browser = new OidcBrowser();
		OidcBrowser.Page page = browser.get(server() + "/login");
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.isLoginForm()).isTrue();
		String csrf = page.hiddenInputs().get("_csrf");
		String session = browser.cookie(server(), "JSESSIONID").orElseThrow();

		// when: the form is sent with a wrong password, then with the right one
		Response wrong = submitLoginForm(session, csrf, "fay", WRONG_PASSWORD);
		Response right = submitLoginForm(session, csrf, "fay", passwordOf("fay"));

		// then: the wrong one goes back to the form, the right one to a session of fay's
		assertThat(wrong.status()).isEqualTo(302);
		assertThat(wrong.header("Location")).hasValueSatisfying((to) -> assertThat(to).endsWith("/login?error"));
		assertThat(right.status()).isEqualTo(302);
		String signedIn = right.header("Set-Cookie")
			.filter((cookie) -> cookie.startsWith("JSESSIONID="))
			.map((cookie) -> cookie.substring("JSESSIONID=".length(), cookie.indexOf(';')))
			.orElseThrow();
		Response me = this.anonymous
			.send(this.anonymous.request("/api/me").header("Cookie", "JSESSIONID=" + signedIn).GET());
		assertThat(me.status()).as(me.body()).isEqualTo(200);
		assertThat(me.json().get("name").asString()).isEqualTo("fay");
		// and the form's failure is recorded as the API's are, under the same limit
		assertThat(audit(Subject.user("fay"))).containsExactly("user.created by admin",
				"login.failed by " + CLIENT_ADDRESS, "login.succeeded by fay");

		// when: fay is disabled while her session lives
		assertThat(this.admin.post("/api/users/fay/disable", null).status()).isEqualTo(204);
		Response after = this.anonymous
			.send(this.anonymous.request("/api/me").header("Cookie", "JSESSIONID=" + signedIn).GET());

		// then: the session no longer speaks for her
		assertThat(after.status()).as(after.body()).isEqualTo(401);
	}

	private Response submitLoginForm(String session, String csrf, String user, String password) {
		String form = "username=" + encode(user) + "&password=" + encode(password) + "&_csrf=" + encode(csrf);
		return this.anonymous.send(this.anonymous.request("/login")
			.header("Cookie", "JSESSIONID=" + session)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form)));
	}

	private void createUser(String name, String role) {
		Response created = this.admin.post("/api/users",
				Map.of("name", name, "role", role, "password", passwordOf(name)));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
	}

	private static String passwordOf(String user) {
		return user + "'s long password";
	}

	private Response login(String user, String password) {
		return this.anonymous.post("/api/login", Map.of("user", user, "password", password));
	}

	private long tokenId(String token) {
		return this.jdbc.sql("SELECT id FROM flotilla_token WHERE hash = ?")
			.param(Tokens.hash(token))
			.query(Long.class)
			.single();
	}

	/**
	 * The subject's audit entries, oldest first, as {@code kind by actor}.
	 */
	private List<String> audit(Subject subject) {
		return this.jdbc
			.sql("SELECT kind, actor FROM flotilla_event WHERE subject_type = ? AND subject_id = ? ORDER BY id")
			.params(subject.type(), subject.id())
			.query((rs, row) -> rs.getString("kind") + " by " + rs.getString("actor"))
			.list();
	}

	private static Response delete(TestHttp http, String path) {
		return http.send(http.request(path).header("Accept", "application/json").DELETE());
	}

	private static Response put(TestHttp http, String path, Object body) {
		return http.send(http.request(path)
			.header("Accept", "application/json")
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(TestHttp.JSON.writeValueAsString(body))));
	}

	private String server() {
		return this.anonymous.baseUrl();
	}

	private static String encode(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8);
	}

}
