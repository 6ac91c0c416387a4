package io.flotilla.cli.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;

import io.flotilla.cli.client.CliException;
import io.flotilla.cli.client.ExitCodes;
import io.flotilla.secret.SecretFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Where the token comes from: {@code FLOTILLA_TOKEN}, else the token file, which is
 * {@code flotilla.token-file}, else under {@code $XDG_CONFIG_HOME}, else under
 * {@code ~/.config}.
 */
class CredentialsTests {

	@TempDir
	Path directory;

	@Test
	void theEnvironmentVariableWinsOverTheTokenFile() throws IOException {
		// given
		Path file = saved("flt_from_file");

		// when
		Credentials credentials = credentials(Map.of("FLOTILLA_TOKEN", "flt_from_env"),
				Map.of("flotilla.token-file", file.toString()));

		// then
		assertThat(credentials.token()).contains("flt_from_env");
		assertThat(credentials.isTokenFromEnvironment()).isTrue();
	}

	@Test
	void aBlankEnvironmentVariableIsNoToken() throws IOException {
		// given
		Path file = saved("flt_from_file");

		// when
		Credentials credentials = credentials(Map.of("FLOTILLA_TOKEN", " "),
				Map.of("flotilla.token-file", file.toString()));

		// then
		assertThat(credentials.token()).contains("flt_from_file");
		assertThat(credentials.isTokenFromEnvironment()).isFalse();
	}

	@Test
	void theTokenFileIsThePropertyElseUnderXdgConfigHomeElseUnderHome() {
		// given
		String file = this.directory.resolve("token").toString();
		String xdg = this.directory.resolve("xdg").toString();

		// when, then
		assertThat(credentials(Map.of("XDG_CONFIG_HOME", xdg), Map.of("flotilla.token-file", file)).tokenFile())
			.isEqualTo(Path.of(file));
		assertThat(credentials(Map.of("XDG_CONFIG_HOME", xdg), Map.of()).tokenFile())
			.isEqualTo(Path.of(xdg, "flotilla", "token"));
		assertThat(credentials(Map.of(), Map.of()).tokenFile()).isEqualTo(home().resolve(".config/flotilla/token"));
	}

	@Test
	void aRelativeXdgConfigHomeIsIgnoredAsTheSpecSays() {
		assertThat(credentials(Map.of("XDG_CONFIG_HOME", "config"), Map.of()).tokenFile())
			.isEqualTo(home().resolve(".config/flotilla/token"));
	}

	@Test
	void theTokenIsReadFromTheFileThatApplies() throws IOException {
		// given
		Path xdg = this.directory.resolve("xdg");
		SecretFiles.write(xdg.resolve("flotilla/token"), "flt_xdg\n");
		SecretFiles.write(home().resolve(".config/flotilla/token"), "flt_home\n");

		// when, then
		assertThat(credentials(Map.of("XDG_CONFIG_HOME", xdg.toString()), Map.of()).token()).contains("flt_xdg");
		assertThat(credentials(Map.of(), Map.of()).token()).contains("flt_home");
	}

	@Test
	void noTokenAnywhereIsNotLoggedIn() {
		assertThat(credentials(Map.of(), Map.of()).token()).isEmpty();
	}

	@Test
	void anEmptyTokenFileIsRefusedAsBadInput() throws IOException {
		// given
		Path file = Files.writeString(this.directory.resolve("token"), "\n");

		// when, then
		assertThatExceptionOfType(CliException.class)
			.isThrownBy(() -> credentials(Map.of(), Map.of("flotilla.token-file", file.toString())).token())
			.withMessage("the token file " + file + " is empty: run 'flotilla login --server URL'")
			.satisfies((ex) -> assertThat(ex.exitCode()).isEqualTo(ExitCodes.BAD_INPUT));
	}

	@Test
	void aSavedTokenIsReadableByTheUserOnlyInADirectoryOfTheirsOnly() throws IOException {
		// given
		Path file = this.directory.resolve("config/flotilla/token");
		String previous = System.setProperty(Credentials.TOKEN_FILE_PROPERTY, file.toString());
		Path saved;
		try {
			// when
			saved = Credentials.ofThisProcess().save("flt_saved");
		}
		finally {
			restore(previous);
		}

		// then
		assertThat(saved).isEqualTo(file);
		assertThat(Files.readString(file)).isEqualTo("flt_saved\n");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
			.isEqualTo("rwx------");
	}

	@Test
	void aSavedTokenReplacesTheOneBefore() throws IOException {
		// given
		Path file = saved("flt_old");
		Credentials credentials = credentials(Map.of(), Map.of("flotilla.token-file", file.toString()));

		// when
		credentials.save("flt_new");

		// then
		assertThat(credentials.token()).contains("flt_new");
	}

	private Path saved(String token) throws IOException {
		Path file = this.directory.resolve("token");
		SecretFiles.write(file, token + "\n");
		return file;
	}

	private Path home() {
		return this.directory.resolve("home");
	}

	/**
	 * Credentials of the environment and system properties given, with a home directory
	 * of the test's own.
	 */
	private Credentials credentials(Map<String, String> environment, Map<String, String> properties) {
		Map<String, String> withHome = new HashMap<>(properties);
		withHome.put("user.home", home().toString());
		return new Credentials(environment, withHome::get);
	}

	private static void restore(String previous) {
		if (previous != null) {
			System.setProperty(Credentials.TOKEN_FILE_PROPERTY, previous);
		}
		else {
			System.clearProperty(Credentials.TOKEN_FILE_PROPERTY);
		}
	}

}
