package io.flotilla.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import io.flotilla.secret.SecretFiles;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CLI's token file ({@code flotilla.token-file}) pointed, for each test, at a file of
 * its own in a new directory, so that no test reads or overwrites the user's; with a
 * token in it, or none. {@code FLOTILLA_TOKEN}, which a test cannot unset, would still
 * win: a test that starts from no token fails, saying so, while it is set.
 */
final class TokenFile implements BeforeEachCallback, AfterEachCallback {

	static final String PROPERTY = "flotilla.token-file";

	private final String token;

	private Path directory;

	private String previous;

	private TokenFile(String token) {
		this.token = token;
	}

	/**
	 * A token file that does not exist: not logged in, until a test logs in or
	 * {@link #write writes} one.
	 */
	static TokenFile missing() {
		return new TokenFile(null);
	}

	/**
	 * A token file holding the token, which a server that is not Flotilla's takes as any
	 * other.
	 */
	static TokenFile holding(String token) {
		return new TokenFile(token);
	}

	/**
	 * Where the token file is: {@code token} in a directory that exists.
	 */
	Path path() {
		return this.directory.resolve("token");
	}

	/**
	 * Saves a token as {@code flotilla login} does.
	 */
	void write(String token) throws IOException {
		SecretFiles.write(path(), token + "\n");
	}

	@Override
	public void beforeEach(ExtensionContext context) throws IOException {
		if (this.token == null) {
			assertThat(System.getenv("FLOTILLA_TOKEN"))
				.as("FLOTILLA_TOKEN is set and would be sent instead of the test's token file: unset it to run the tests")
				.isNull();
		}
		this.directory = Files.createTempDirectory("flotilla-token");
		if (this.token != null) {
			write(this.token);
		}
		this.previous = System.setProperty(PROPERTY, path().toString());
	}

	@Override
	public void afterEach(ExtensionContext context) throws IOException {
		if (this.previous != null) {
			System.setProperty(PROPERTY, this.previous);
		}
		else {
			System.clearProperty(PROPERTY);
		}
		try (Stream<Path> paths = Files.walk(this.directory)) {
			paths.sorted(Comparator.reverseOrder()).forEach(TokenFile::delete);
		}
	}

	private static void delete(Path path) {
		try {
			Files.delete(path);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
