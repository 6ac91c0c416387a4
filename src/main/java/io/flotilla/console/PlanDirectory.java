package io.flotilla.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The server's folder of plan files, offered on the start page so that an operator starts
 * the reviewed plan rather than a copy pasted from somewhere. Only the files it lists can
 * be read, so a form field cannot name a path outside it.
 *
 * @param directory the folder, relative to the server's working directory unless absolute
 */
@ConfigurationProperties("flotilla.plans")
record PlanDirectory(@DefaultValue("jobs") Path directory) {

	boolean exists() {
		return Files.isDirectory(this.directory);
	}

	/**
	 * The {@code .yaml} and {@code .yml} files in the folder, by name; none when it does
	 * not exist.
	 */
	List<String> files() {
		if (!exists()) {
			return List.of();
		}
		try (Stream<Path> entries = Files.list(this.directory)) {
			return entries.filter(Files::isRegularFile)
				.map((file) -> file.getFileName().toString())
				.filter((name) -> name.endsWith(".yaml") || name.endsWith(".yml"))
				.sorted()
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The text of one of the {@link #files()}, or empty for any other name.
	 */
	Optional<String> read(String name) {
		if (!files().contains(name)) {
			return Optional.empty();
		}
		try {
			return Optional.of(Files.readString(this.directory.resolve(name), StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
