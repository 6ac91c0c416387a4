package io.flotilla.database;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import io.flotilla.support.TestDatabases;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The embedded PostgreSQL on a real server: only who holds the password in
 * {@code db-password} gets in, over 127.0.0.1 and nothing else, and a data directory an
 * older Flotilla made, which trusted everyone, is locked on its first start.
 */
class EmbeddedPostgresServerIntegrationTests {

	@TempDir
	Path directory;

	@Test
	void refusesAConnectionWithoutThePasswordOrWithAWrongOne() throws SQLException {
		try (EmbeddedPostgresServer server = TestDatabases.startServer(this.directory.resolve("pgdata"), 0)) {
			assertThatExceptionOfType(SQLException.class).isThrownBy(() -> connect(server, null).close())
				.withMessageContaining("SCRAM")
				.withMessageContaining("no password was provided");
			assertThatExceptionOfType(SQLException.class).isThrownBy(() -> connect(server, "").close());
			assertThatExceptionOfType(SQLException.class)
				.isThrownBy(() -> connect(server, server.password() + "x").close())
				.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo("28P01"))
				.withMessageContaining("password authentication failed for user \"postgres\"");

			try (Connection connection = connect(server, server.password())) {
				assertThat(query(connection, "SELECT current_user")).containsExactly("postgres");
				assertThat(query(connection, "SELECT DISTINCT auth_method FROM pg_hba_file_rules"))
					.containsExactly("scram-sha-256");
				assertThat(query(connection, "SELECT rolpassword FROM pg_authid WHERE rolname = 'postgres'"))
					.singleElement()
					.asString()
					.startsWith("SCRAM-SHA-256$");
			}
		}
	}

	@Test
	void listensOnTheLoopbackAddressOnlyAndHasNoUnixSocket() throws Exception {
		try (EmbeddedPostgresServer server = TestDatabases.startServer(this.directory.resolve("pgdata"), 0);
				Connection connection = server.connect("postgres")) {
			assertThat(server.jdbcUrl("postgres")).startsWith("jdbc:postgresql://127.0.0.1:" + server.port() + "/");
			assertThat(query(connection, "SHOW listen_addresses")).containsExactly("127.0.0.1");
			assertThat(query(connection, "SHOW unix_socket_directories")).containsExactly("");
			for (String temporary : List.of("/tmp", System.getProperty("java.io.tmpdir"))) {
				assertThat(Path.of(temporary, ".s.PGSQL." + server.port())).doesNotExist();
			}
			List<InetAddress> others = otherAddresses();
			for (InetAddress address : others) {
				// refused, or unreachable where an address family is switched off
				assertThatExceptionOfType(SocketException.class).as("connecting on %s", address)
					.isThrownBy(() -> tcpConnect(address, server.port()));
			}
			tcpConnect(InetAddress.getByName("127.0.0.1"), server.port());
		}
	}

	@Test
	void keepsThePasswordInAFileOnlyItsOwnerReadsAndReusesItAcrossRestarts() throws Exception {
		Path data = this.directory.resolve("pgdata");
		Path passwordFile = this.directory.resolve("db-password");
		String password;
		try (EmbeddedPostgresServer server = TestDatabases.startServer(data, 0)) {
			password = server.password();
			assertThat(server.passwordFile()).isEqualTo(passwordFile);
			assertThat(Files.readString(passwordFile)).isEqualTo(password + "\n");
			assertThat(password).hasSizeGreaterThanOrEqualTo(40).matches("[A-Za-z0-9_-]+");
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile)))
				.isEqualTo("rw-------");
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
		}
		Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-r--r--"));

		try (EmbeddedPostgresServer server = TestDatabases.startServer(data, 0)) {
			assertThat(server.password()).isEqualTo(password);
			assertThat(Files.readString(passwordFile)).isEqualTo(password + "\n");
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile)))
				.as("made private again")
				.isEqualTo("rw-------");
			assertThatExceptionOfType(SQLException.class).isThrownBy(() -> connect(server, null).close());
			try (Connection connection = connect(server, password)) {
				assertThat(query(connection, "SELECT 1")).containsExactly("1");
			}
		}
	}

	@Test
	void givesADataDirectoryThatTrustedEveryoneThePasswordOnItsFirstStart() throws Exception {
		// given a data directory as Flotilla made them before: trust, no password
		Path data = this.directory.resolve("pgdata");
		try (EmbeddedPostgres old = EmbeddedPostgres.builder()
			.setDataDirectory(data)
			.setCleanDataDirectory(false)
			.setRegisterShutdownHook(false)
			.start();
				Connection connection = DriverManager.getConnection(old.getJdbcUrl("postgres", "postgres"));
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE TABLE kept (name text)");
			statement.execute("INSERT INTO kept VALUES ('a release')");
		}
		assertThat(EmbeddedPostgresServer.trusts(Files.readString(data.resolve("pg_hba.conf")))).isTrue();
		assertThat(this.directory.resolve("db-password")).doesNotExist();

		// when it starts
		try (EmbeddedPostgresServer server = TestDatabases.startServer(data, 0)) {
			// then it asks for the password, which only its owner reads
			assertThatExceptionOfType(SQLException.class).isThrownBy(() -> connect(server, null).close())
				.withMessageContaining("no password was provided");
			assertThatExceptionOfType(SQLException.class).isThrownBy(() -> connect(server, "wrong").close())
				.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo("28P01"));
			try (Connection connection = connect(server, server.password())) {
				assertThat(query(connection, "SELECT name FROM kept")).containsExactly("a release");
				assertThat(query(connection, "SELECT DISTINCT auth_method FROM pg_hba_file_rules"))
					.containsExactly("scram-sha-256");
			}
			assertThat(Files.readString(this.directory.resolve("db-password"))).isEqualTo(server.password() + "\n");
			assertThat(
					PosixFilePermissions.toString(Files.getPosixFilePermissions(this.directory.resolve("db-password"))))
				.isEqualTo("rw-------");
		}
		assertThat(EmbeddedPostgresServer.trusts(Files.readString(data.resolve("pg_hba.conf")))).isFalse();

		// and still after a restart
		try (EmbeddedPostgresServer server = TestDatabases.startServer(data, 0)) {
			assertThatExceptionOfType(SQLException.class).isThrownBy(() -> connect(server, null).close());
			try (Connection connection = connect(server, server.password())) {
				assertThat(query(connection, "SELECT name FROM kept")).containsExactly("a release");
			}
		}
	}

	@Test
	@Timeout(180)
	void stopsThePostgresqlAKilledProcessLeftRunningAndStartsWithThePassword() throws Exception {
		// given a process that started the server on a data directory and was killed
		Path data = this.directory.resolve("pgdata");
		Process killed = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
				System.getProperty("java.class.path"), StartsAndWaits.class.getName(), data.toString())
			.redirectErrorStream(true)
			.start();
		String password;
		long orphan;
		try (BufferedReader output = new BufferedReader(
				new InputStreamReader(killed.getInputStream(), StandardCharsets.UTF_8))) {
			List<String> lines = new ArrayList<>();
			String line;
			while ((line = output.readLine()) != null && !line.equals(StartsAndWaits.READY)) {
				lines.add(line);
			}
			assertThat(line).as("the child's output: %s", lines).isEqualTo(StartsAndWaits.READY);
			killed.destroyForcibly();
			assertThat(killed.waitFor(30, TimeUnit.SECONDS)).isTrue();
			password = Files.readString(this.directory.resolve("db-password")).strip();
			orphan = pidInLockFile(data);
			assertThat(ProcessHandle.of(orphan))
				.hasValueSatisfying((process) -> assertThat(process.isAlive()).isTrue());
			// the first server of a JVM unpacked the binaries next to its data, privately
			Path binaries = this.directory.resolve(EmbeddedPostgresServer.BINARIES_DIRECTORY);
			assertThat(ProcessHandle.of(orphan).orElseThrow().info().command().map(Path::of)).hasValueSatisfying(
					(command) -> assertThat(command).startsWith(binaries).endsWith(Path.of("bin", "postgres")));
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(binaries))).isEqualTo("rwx------");
		}

		// when a server starts on it again
		try (EmbeddedPostgresServer server = TestDatabases.startServer(data, 0)) {
			// then the orphan is gone and the new one asks for the same password
			assertThat(pidInLockFile(data)).isNotEqualTo(orphan);
			await("the orphan's exit").atMost(Duration.ofSeconds(30))
				.until(() -> ProcessHandle.of(orphan).map((process) -> !process.isAlive()).orElse(true));
			assertThat(server.password()).isEqualTo(password);
			assertThatExceptionOfType(SQLException.class).isThrownBy(() -> connect(server, null).close());
			try (Connection connection = connect(server, password)) {
				assertThat(query(connection, "SELECT 1")).containsExactly("1");
			}
		}
	}

	/**
	 * What the killed process runs: starts the server and waits to be killed.
	 */
	public static final class StartsAndWaits {

		static final String READY = "embedded PostgreSQL ready";

		public static void main(String[] args) throws InterruptedException {
			EmbeddedPostgresServer.start(Path.of(args[0]));
			System.out.println(READY);
			System.out.flush();
			Thread.sleep(Duration.ofMinutes(5).toMillis());
		}

	}

	private static Connection connect(EmbeddedPostgresServer server, String password) throws SQLException {
		Properties properties = new Properties();
		properties.setProperty("user", EmbeddedPostgresServer.USER);
		if (password != null) {
			properties.setProperty("password", password);
		}
		return DriverManager.getConnection(server.jdbcUrl("postgres"), properties);
	}

	private static List<String> query(Connection connection, String sql) throws SQLException {
		List<String> values = new ArrayList<>();
		try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
			while (rows.next()) {
				values.add(rows.getString(1));
			}
		}
		return values;
	}

	private static void tcpConnect(InetAddress address, int port) throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(address, port), 2000);
		}
	}

	/**
	 * Every address of this machine but 127.0.0.1 (the IPv6 loopback too), link-local
	 * ones aside, since they need a scope to connect to.
	 */
	private static List<InetAddress> otherAddresses() throws SocketException {
		return NetworkInterface.networkInterfaces()
			.flatMap(NetworkInterface::inetAddresses)
			.filter((address) -> !address.getHostAddress().equals("127.0.0.1"))
			.filter((address) -> !(address instanceof Inet6Address) || !address.isLinkLocalAddress())
			.toList();
	}

	private static long pidInLockFile(Path data) throws IOException {
		return Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
	}

}
