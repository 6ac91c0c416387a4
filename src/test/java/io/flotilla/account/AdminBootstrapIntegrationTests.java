package io.flotilla.account;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.flotilla.audit.AuditLog;
import io.flotilla.support.MigratedDatabase;
import io.flotilla.support.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The first admin of a fresh database, made as a server starting on it makes it: a Spring
 * application of the account beans alone, with the server's {@code application.yml}, on a
 * database migrated by the server's migrations, whose {@link AdminBootstrap} runs when it
 * has started. The password comes from the environment, from a file, or is generated into
 * a file of the owner's only, and is never logged; a database with users gets no admin,
 * and two servers starting at once on one database make one.
 * <p>
 * Every start names a generated password file in the test's directory, so that none
 * writes the default {@code .flotilla/admin-password} of the working directory, the
 * project's own.
 */
@ExtendWith(OutputCaptureExtension.class)
class AdminBootstrapIntegrationTests {

	/**
	 * What {@code hashtext} of this the servers lock to make the first admin.
	 */
	private static final String BOOTSTRAP_LOCK = "flotilla_user bootstrap";

	/**
	 * {@code FLOTILLA_ADMIN_PASSWORD} empty, as in an environment without it: a
	 * command-line argument outranks a variable the test's own environment might have.
	 */
	private static final String NO_ENVIRONMENT_PASSWORD = "--FLOTILLA_ADMIN_PASSWORD=";

	private static final Path DEFAULT_FILE = Path.of(".flotilla", "admin-password");

	@TempDir
	Path directory;

	private MigratedDatabase database;

	private Optional<FileTime> defaultFileBefore;

	@BeforeEach
	void freshDatabase() throws IOException {
		this.database = MigratedDatabase.latest();
		this.defaultFileBefore = modified(DEFAULT_FILE);
	}

	@AfterEach
	void theWorkingDirectorysPasswordFileIsUntouched() throws IOException {
		assertThat(modified(DEFAULT_FILE)).as("%s of the working directory", DEFAULT_FILE)
			.isEqualTo(this.defaultFileBefore);
	}

	@Test
	void thePasswordOfTheEnvironmentMakesTheAdminAndNoFile(CapturedOutput output) {
		// given
		String password = "the environment's admin password";
		Path generated = this.directory.resolve("state").resolve("admin-password");

		// when: FLOTILLA_ADMIN_PASSWORD names it, which application.yml maps to the
		// property
		try (ConfigurableApplicationContext server = start("--FLOTILLA_ADMIN_PASSWORD=" + password,
				generatedFile(generated))) {

			// then
			assertThat(users()).containsExactly("admin ADMIN");
			assertLogsIn(server, password);
		}
		assertThat(generated.getParent()).doesNotExist();
		assertThat(output).contains("Created the first admin, 'admin', with the password of FLOTILLA_ADMIN_PASSWORD")
			.doesNotContain(password);
	}

	@Test
	void theFirstLineOfThePasswordFileMakesTheAdminAndTheFileIsLeftAsItWas(CapturedOutput output) throws IOException {
		// given: a file others may read, as a mounted Secret may be
		String password = "the mounted secret's password";
		Path file = Files.createDirectories(this.directory.resolve("secret")).resolve("admin-password");
		Files.writeString(file, password + "\nnot part of the password\n");
		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
		Path generated = this.directory.resolve("state").resolve("admin-password");

		// when
		try (ConfigurableApplicationContext server = start(NO_ENVIRONMENT_PASSWORD,
				"--flotilla.security.admin-password-file=" + file, generatedFile(generated))) {

			// then: the first line is the password, and nothing more
			assertLogsIn(server, password);
			assertThatExceptionOfType(AccountException.class).isThrownBy(() -> server.getBean(PasswordLogin.class)
				.login(AdminBootstrap.ADMIN, password + "\nnot part of the password", "test"));
		}
		// and the file is as it was, its permissions too
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r--r--");
		assertThat(file).hasContent(password + "\nnot part of the password\n");
		assertThat(generated.getParent()).doesNotExist();
		assertThat(output).contains("Created the first admin, 'admin', with the password in " + file)
			.doesNotContain(password);
	}

	@Test
	void withoutEitherAPasswordIsGeneratedIntoAFileOfTheOwnersOnlyAndNeverLogged(CapturedOutput output)
			throws IOException {
		// given
		Path generated = this.directory.resolve("state").resolve("admin-password");

		// when
		try (ConfigurableApplicationContext server = start(NO_ENVIRONMENT_PASSWORD, generatedFile(generated))) {

			// then: the file holds it, readable by its owner only, in a directory of
			// theirs
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(generated))).isEqualTo("rw-------");
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(generated.getParent())))
				.isEqualTo("rwx------");
			String password = Files.readString(generated).strip();
			assertThat(password).hasSizeGreaterThanOrEqualTo(Passwords.MIN_LENGTH);
			assertLogsIn(server, password);
			// and the log says where it is, never what it is, and neither does the audit
			// log
			assertThat(output).contains("Created the first admin, 'admin', with a generated password in " + generated)
				.contains("flotilla login --user admin")
				.doesNotContain(password);
			assertThat(this.database.jdbc()
				.sql("SELECT count(*) FROM flotilla_event WHERE strpos(concat(message, reason), ?) > 0")
				.param(password)
				.query(Integer.class)
				.single()).isZero();
		}
	}

	@Test
	void aDatabaseThatHasUsersGetsNoAdminAndNoFile(CapturedOutput output) {
		// given: a database with a user already
		this.database.jdbc().sql("""
				INSERT INTO flotilla_user (name, password_hash, role, created_at, updated_at)
				VALUES ('ops', '{noop}x', 'ADMIN', now(), now())""").update();
		Path generated = this.directory.resolve("state").resolve("admin-password");

		// when: servers start on it with a password and without
		start("--FLOTILLA_ADMIN_PASSWORD=a password nobody will use", generatedFile(generated)).close();
		start(NO_ENVIRONMENT_PASSWORD, generatedFile(generated)).close();

		// then
		assertThat(users()).containsExactly("ops ADMIN");
		assertThat(generated.getParent()).doesNotExist();
		assertThat(output).doesNotContain("Created the first admin");
		assertThat(userCreations()).isZero();
	}

	@Test
	void twoServersStartingAtOnceOnOneDatabaseMakeOneAdmin() throws Exception {
		// given: the lock both take held, so that both reach it before either may go on
		Path generated = this.directory.resolve("state").resolve("admin-password");
		ExecutorService threads = Executors.newFixedThreadPool(2);
		List<Future<ConfigurableApplicationContext>> servers = new ArrayList<>();
		try (Connection holder = this.database.dataSource().getConnection()) {
			execute(holder, "SELECT pg_advisory_lock(hashtext('" + BOOTSTRAP_LOCK + "'))");
			// one after the other up to the lock: two Spring applications starting in one
			// JVM at once would set up its logging together
			for (int waiting = 1; waiting <= 2; waiting++) {
				servers.add(threads.submit(() -> start(NO_ENVIRONMENT_PASSWORD, generatedFile(generated))));
				int expected = waiting;
				await("servers waiting for the lock").atMost(Duration.ofSeconds(60))
					.until(() -> waitingForTheLock() == expected);
			}
			assertThat(users()).isEmpty();

			// when: both go on at once
			execute(holder, "SELECT pg_advisory_unlock(hashtext('" + BOOTSTRAP_LOCK + "'))");

			// then: both start, and there is one admin, whose password is the file's
			List<ConfigurableApplicationContext> started = new ArrayList<>();
			for (Future<ConfigurableApplicationContext> server : servers) {
				started.add(server.get(60, TimeUnit.SECONDS));
			}
			assertThat(users()).containsExactly("admin ADMIN");
			assertThat(userCreations()).isOne();
			String password = Files.readString(generated).strip();
			for (ConfigurableApplicationContext server : started) {
				assertLogsIn(server, password);
			}
		}
		finally {
			for (Future<ConfigurableApplicationContext> server : servers) {
				if (server.isDone() && !server.isCancelled()) {
					try {
						server.get().close();
					}
					catch (Exception ex) {
						// its failure is the test's; nothing to close
					}
				}
			}
			threads.shutdownNow();
		}
	}

	/**
	 * Starts the account beans as a server does, and waits until the first admin's
	 * bootstrap has run.
	 */
	private ConfigurableApplicationContext start(String... arguments) {
		List<String> all = new ArrayList<>(List.of("--test.database-url=" + this.database.url()));
		all.addAll(List.of(arguments));
		return new SpringApplicationBuilder(AccountBeans.class).web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.run(all.toArray(String[]::new));
	}

	private static String generatedFile(Path file) {
		return "--flotilla.security.generated-admin-password-file=" + file;
	}

	private static void assertLogsIn(ConfigurableApplicationContext server, String password) {
		Actor admin = server.getBean(PasswordLogin.class).login(AdminBootstrap.ADMIN, password, "test");
		assertThat(admin.role()).isEqualTo(Role.ADMIN);
		assertThatExceptionOfType(AccountException.class).isThrownBy(
				() -> server.getBean(PasswordLogin.class).login(AdminBootstrap.ADMIN, "not " + password, "test"));
	}

	/**
	 * Every user, as {@code name ROLE}.
	 */
	private List<String> users() {
		return this.database.jdbc()
			.sql("SELECT name, role FROM flotilla_user ORDER BY name")
			.query((rs, row) -> rs.getString("name") + " " + rs.getString("role"))
			.list();
	}

	private int userCreations() {
		return this.database.jdbc()
			.sql("SELECT count(*) FROM flotilla_event WHERE subject_type = 'user' AND kind = 'user.created'")
			.query(Integer.class)
			.single();
	}

	private int waitingForTheLock() {
		return this.database.jdbc()
			.sql("""
					SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database
					WHERE l.locktype = 'advisory' AND NOT l.granted AND d.datname = current_database()""")
			.query(Integer.class)
			.single();
	}

	private static void execute(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	private static Optional<FileTime> modified(Path file) throws IOException {
		return Files.exists(file) ? Optional.of(Files.getLastModifiedTime(file)) : Optional.empty();
	}

	/**
	 * What makes and checks the first admin, and nothing else of the server: the account
	 * beans, their audit log, and a database of {@link TestDatabases}. Not a
	 * {@code @Configuration}, so that the server's component scan, which reaches the test
	 * classes, never finds it.
	 */
	@EnableTransactionManagement(proxyTargetClass = true)
	@EnableConfigurationProperties(AccountProperties.class)
	@Import({ AuditLog.class, UserTable.class, TokenTable.class, Users.class, Tokens.class, PasswordLogin.class,
			AdminBootstrap.class })
	static class AccountBeans {

		@Bean
		DataSource dataSource(Environment environment) {
			return TestDatabases.dataSource(environment.getRequiredProperty("test.database-url"));
		}

		@Bean
		JdbcClient jdbcClient(DataSource dataSource) {
			return JdbcClient.create(dataSource);
		}

		@Bean
		PlatformTransactionManager transactionManager(DataSource dataSource) {
			return new DataSourceTransactionManager(dataSource);
		}

		@Bean
		TransactionTemplate transactionTemplate(PlatformTransactionManager transactionManager) {
			return new TransactionTemplate(transactionManager);
		}

		@Bean
		Clock clock() {
			return Clock.systemUTC();
		}

	}

}
