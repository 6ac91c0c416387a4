package io.flotilla.cli.client;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import io.flotilla.cli.client.CliException;
import io.flotilla.cli.client.ExitCodes;
import io.flotilla.secret.SecretFiles;

/**
 * The token the CLI sends: {@code FLOTILLA_TOKEN} when it is set, for scripts and CI,
 * else the one {@code flotilla login} saved in the token file. The file is the system
 * property {@code flotilla.token-file} when it is set, else
 * {@code $XDG_CONFIG_HOME/flotilla/token}, else {@code ~/.config/flotilla/token}. The
 * environment and the system properties are given, not read, so that tests can choose
 * them.
 */
public final class Credentials {

	/**
	 * The environment variable that holds a token, and wins over the token file.
	 */
	public static final String TOKEN_VARIABLE = "FLOTILLA_TOKEN";

	static final String TOKEN_FILE_PROPERTY = "flotilla.token-file";

	private final Map<String, String> environment;

	private final Function<String, String> properties;

	/**
	 * @param environment the environment variables
	 * @param properties the system property of each name, or null when it is not set
	 */
	public Credentials(Map<String, String> environment, Function<String, String> properties) {
		this.environment = environment;
		this.properties = properties;
	}

	/**
	 * The credentials of this process's environment and system properties.
	 */
	public static Credentials ofThisProcess() {
		return new Credentials(System.getenv(), System::getProperty);
	}

	/**
	 * The token to send, or empty when the CLI is not logged in.
	 * @throws CliException when the token file cannot be read, or is empty
	 */
	public Optional<String> token() {
		Optional<String> fromEnvironment = environmentToken();
		return fromEnvironment.isPresent() ? fromEnvironment : savedToken();
	}

	/**
	 * Whether {@code FLOTILLA_TOKEN} is set, so that a token saved is not the one sent.
	 */
	public boolean isTokenFromEnvironment() {
		return environmentToken().isPresent();
	}

	/**
	 * Where {@code flotilla login} saves its token.
	 */
	public Path tokenFile() {
		String property = this.properties.apply(TOKEN_FILE_PROPERTY);
		if (property != null && !property.isBlank()) {
			return Path.of(property);
		}
		// The XDG base directory spec has a relative XDG_CONFIG_HOME ignored
		String configHome = this.environment.get("XDG_CONFIG_HOME");
		if (configHome != null && Path.of(configHome).isAbsolute()) {
			return Path.of(configHome, "flotilla", "token");
		}
		return Path.of(this.properties.apply("user.home"), ".config", "flotilla", "token");
	}

	/**
	 * Saves the token as the one to send from now on, readable by the user only, in a
	 * directory created for the user only when it is missing.
	 * @return the token file
	 */
	public Path save(String token) {
		Path file = tokenFile();
		try {
			SecretFiles.write(file, token + "\n");
		}
		catch (IOException ex) {
			throw new CliException(ExitCodes.FAILED, "cannot save the token to " + file + ": " + ex.getMessage());
		}
		return file;
	}

	private Optional<String> environmentToken() {
		return Optional.ofNullable(this.environment.get(TOKEN_VARIABLE)).map(String::strip).filter((t) -> !t.isEmpty());
	}

	private Optional<String> savedToken() {
		Path file = tokenFile();
		try {
			return SecretFiles.read(file);
		}
		catch (IllegalStateException ex) {
			throw new CliException(ExitCodes.BAD_INPUT,
					"the token file " + file + " is empty: run 'flotilla login --server URL'");
		}
		catch (IOException ex) {
			throw new CliException(ExitCodes.FAILED, "cannot read the token file " + file + ": " + ex.getMessage());
		}
	}

}
