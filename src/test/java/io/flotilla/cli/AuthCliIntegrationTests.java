package io.flotilla.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import io.flotilla.cli.client.ExitCodes;
import io.flotilla.cli.Cli.Run;
import io.flotilla.control.ReleaseState;
import io.flotilla.sandbox.SandboxOptions;
import io.flotilla.support.ServerUnderTest;
import io.flotilla.support.SpringFleet;
import io.flotilla.support.TestFleets;
import io.flotilla.support.TestPlans;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.flotilla.cli.Cli.login;
import static io.flotilla.cli.Cli.run;
import static io.flotilla.cli.Cli.runWithInput;
import static io.flotilla.support.TestAccounts.ADMIN;
import static io.flotilla.support.TestAccounts.ADMIN_PASSWORD;
import static io.flotilla.support.TestActors.operator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Logging in, tokens, users and the emergency stop from the command line, against the
 * test server, starting as its first admin: what a token file holds is what the server
 * takes, and a token the server no longer takes says how to get a new one.
 */
class AuthCliIntegrationTests extends ServerUnderTest {

	private static final String TOKEN_REFUSED = "error: the token is not valid: it is unknown, expired or revoked,"
			+ " or its owner is disabled; run 'flotilla login' for a new token\n";

	@RegisterExtension
	static final SpringFleet fleets = SpringFleet.of(TestFleets.healthy(4, SandboxOptions.regions(1)));

	@RegisterExtension
	final TokenFile tokenFile = TokenFile.missing();

	@TempDir
	Path directory;

	@DynamicPropertySource
	static void flotilla(DynamicPropertyRegistry registry) {
		fleets.register(registry);
	}

	@Test
	void loginSavesATokenForTheUserOnlyThatTheOtherCommandsSend() throws IOException {
		// when
		Run login = login(server(), ADMIN, ADMIN_PASSWORD);

		// then
		assertThat(login.exitCode()).as(login.err()).isZero();
		assertThat(login.out()).matches("logged in to " + server() + "/ as admin \\(admin\\); token saved to "
				+ this.tokenFile.path() + ", expires \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d\n");
		assertThat(Files.readString(this.tokenFile.path())).startsWith("flt_").endsWith("\n");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(this.tokenFile.path())))
			.isEqualTo("rw-------");
		Run list = run("release", "list", "--server", server());
		assertThat(list.exitCode()).as(list.err()).isZero();
	}

	@Test
	void aWrongPasswordIsRefusedAndSavesNothing() {
		// when
		Run login = login(server(), "nobody", "not-the-password");

		// then
		assertThat(login.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(login.err()).isEqualTo("error: wrong user name or password\n");
		assertThat(this.tokenFile.path()).doesNotExist();
	}

	@Test
	void aTokenMadeListedAndRevokedIsRefusedOnceRevoked() throws IOException {
		// given
		String admin = loggedInAsAdmin();

		// when
		Run created = run("token", "create", "--name", "ci", "--role", "operator", "--expires", "30d", "--server",
				server());

		// then
		assertThat(created.exitCode()).as(created.err()).isZero();
		assertThat(created.out()).matches("flt_\\S+\n");
		assertThat(created.err())
			.matches("shown once: store it now \\(token (\\d+) 'ci', role operator, expires .+\\)\n");
		String ci = created.out().strip();
		String id = created.err().replaceAll("(?s).*\\(token (\\d+) .*", "$1");
		assertThat(tokenRow(id)).startsWith(id + " ").contains(" ci ", " operator ", " admin ").endsWith(" active");

		// when: the CLI sends the new token, which works until it is revoked
		this.tokenFile.write(ci);
		assertThat(run("release", "list", "--server", server()).exitCode()).isZero();
		this.tokenFile.write(admin);
		Run revoked = run("token", "revoke", id, "--server", server());
		this.tokenFile.write(ci);
		Run refused = run("release", "list", "--server", server());

		// then
		assertThat(revoked.exitCode()).as(revoked.err()).isZero();
		assertThat(revoked.out()).isEqualTo("revoked token " + id + " 'ci' of admin\n");
		assertThat(refused.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(refused.err()).isEqualTo(TOKEN_REFUSED);
		this.tokenFile.write(admin);
		assertThat(tokenRow(id)).endsWith(" revoked");
	}

	@Test
	void anExpiredTokenIsRefusedWithHowToGetANewOne() throws IOException {
		// given
		String token = this.tokens.create(operator("expiring"), "soon", null, null).token();
		this.jdbc.sql("UPDATE flotilla_token SET expires_at = now() - interval '1 second' WHERE owner = 'expiring'")
			.update();
		this.tokenFile.write(token);

		// when
		Run refused = run("release", "list", "--server", server());

		// then
		assertThat(refused.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(refused.err()).isEqualTo(TOKEN_REFUSED);
		assertThat(refused.out()).isEmpty();
	}

	@Test
	void usersAreCreatedListedGivenPasswordsAndDisabled() throws IOException {
		// given
		String admin = loggedInAsAdmin();

		// when
		Run created = runWithInput("alice-password-1\n", "user", "create", "alice", "--role", "operator", "--group",
				"sre", "--group", "dba", "--password-stdin", "--server", server());

		// then
		assertThat(created.exitCode()).as(created.err()).isZero();
		assertThat(created.out()).isEqualTo("created user alice (operator, groups dba,sre)\n");
		assertThat(userRow("alice")).matches("alice +operator +dba,sre +active +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d");

		// when: alice logs in, may set her own password, but may not list users
		Run aliceLogin = login(server(), "alice", "alice-password-1");
		Run passwd = runWithInput("alice-password-2\n", "user", "passwd", "alice", "--password-stdin", "--server",
				server());
		Run forbidden = run("user", "list", "--server", server());

		// then
		assertThat(aliceLogin.exitCode()).as(aliceLogin.err()).isZero();
		assertThat(aliceLogin.out()).contains(" as alice (operator); ");
		assertThat(passwd.exitCode()).as(passwd.err()).isZero();
		assertThat(passwd.out()).isEqualTo("changed the password of alice\n");
		assertThat(forbidden.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(forbidden.err()).isEqualTo("error: your role may not GET /api/users\n");

		// when: an admin disables her
		String alice = Files.readString(this.tokenFile.path()).strip();
		this.tokenFile.write(admin);
		Run disabled = run("user", "disable", "alice", "--server", server());
		this.tokenFile.write(alice);
		Run refused = run("release", "list", "--server", server());

		// then
		assertThat(disabled.exitCode()).as(disabled.err()).isZero();
		assertThat(disabled.out())
			.isEqualTo("disabled user alice: they can no longer log in, and their tokens no longer work\n");
		assertThat(refused.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(refused.err()).isEqualTo(TOKEN_REFUSED);
		this.tokenFile.write(admin);
		assertThat(userRow("alice")).contains(" disabled ");
	}

	@Test
	void pauseAllStopsEveryActiveReleaseInTheNameOfTheTokensOwner() throws IOException {
		// given
		loggedInAsAdmin();
		Run none = run("release", "pause", "--all", "--reason", "nothing yet", "--server", server());
		Path plan = Files.writeString(this.directory.resolve("held.yaml"), TestPlans.plan("held", """
				approval: required
				stages:
				  - name: all
				    groups:
				      - name: us-east-1
				        contexts: [us-east-1]
				"""));
		Run started = run("release", "start", plan.toString(), "--id", "cli-held", "--server", server());
		assertThat(started.exitCode()).as(started.err()).isZero();
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(this.releases.status("cli-held").state())
				.isEqualTo(ReleaseState.AWAITING_APPROVAL));

		// when
		Run paused = run("release", "pause", "--all", "--reason", "maintenance window", "--server", server());

		// then
		assertThat(none.exitCode()).as(none.err()).isZero();
		assertThat(none.out()).isEqualTo("no active release to pause\n");
		assertThat(paused.exitCode()).as(paused.err()).isZero();
		assertThat(paused.out()).isEqualTo("pause: release cli-held is PAUSED\npaused 1 release\n");
		assertThat(run("release", "status", "cli-held", "--server", server()).out()).contains(", started by admin at ");
		assertThat(run("release", "events", "cli-held", "--server", server()).out())
			.contains("by admin: maintenance window");
	}

	/**
	 * Logs the CLI in as the first admin.
	 * @return the admin's token
	 */
	private String loggedInAsAdmin() throws IOException {
		Run login = login(server(), ADMIN, ADMIN_PASSWORD);
		assertThat(login.exitCode()).as(login.err()).isZero();
		return Files.readString(this.tokenFile.path()).strip();
	}

	private String tokenRow(String id) {
		return row(run("token", "list", "--server", server()), id + " ");
	}

	private String userRow(String name) {
		return row(run("user", "list", "--server", server()), name + " ");
	}

	private static String row(Run list, String start) {
		assertThat(list.exitCode()).as(list.err()).isZero();
		List<String> rows = list.out().lines().filter((line) -> line.startsWith(start)).toList();
		assertThat(rows).hasSize(1);
		return rows.get(0);
	}

	private String server() {
		return this.http.baseUrl();
	}

}
