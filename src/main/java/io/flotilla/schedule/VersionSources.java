package io.flotilla.schedule;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import io.flotilla.plan.Schedule.VersionSource;

/**
 * Reads the versions a schedule's source names at fire time: a file, or an HTTP URL, one
 * version per line ({@code #} starts a comment). What cannot be read, or reads as
 * something that is not a version, is a {@link SourceException} saying why, so the fire
 * is skipped and recorded rather than starting anything.
 */
final class VersionSources {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final int MAX_BYTES = 64 * 1024;

	private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,63}");

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

	private final Path directory;

	/**
	 * @param directory what a source file is relative to: the schedules directory
	 */
	VersionSources(Path directory) {
		this.directory = directory;
	}

	List<String> read(VersionSource source) {
		if (source.fixed() != null) {
			return List.of(source.fixed());
		}
		String text = (source.file() != null) ? file(source.file()) : url(source.url());
		return versions(source, text);
	}

	private String file(String name) {
		Path file = this.directory.resolve(name);
		try {
			if (Files.size(file) > MAX_BYTES) {
				throw new SourceException("version file " + file + " is larger than 64 KB");
			}
			return Files.readString(file, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new SourceException("version file " + file + " cannot be read: " + ex);
		}
	}

	private String url(String url) {
		HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET().build();
		try {
			HttpResponse<byte[]> response = this.http.send(request, HttpResponse.BodyHandlers.ofByteArray());
			if (response.statusCode() != 200) {
				throw new SourceException("version source " + url + " answered " + response.statusCode());
			}
			if (response.body().length > MAX_BYTES) {
				throw new SourceException("version source " + url + " answered more than 64 KB");
			}
			return new String(response.body(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new SourceException("version source " + url + " is down: " + ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new SourceException("version source " + url + " was not read: interrupted");
		}
	}

	private static List<String> versions(VersionSource source, String text) {
		List<String> versions = new ArrayList<>();
		for (String line : text.split("\\R")) {
			String version = line.replaceFirst("#.*", "").strip();
			if (version.isEmpty()) {
				continue;
			}
			if (!VERSION.matcher(version).matches()) {
				String shown = (version.length() > 40) ? version.substring(0, 40) + "..." : version;
				throw new SourceException(source.describe() + " answered '" + shown + "', which is not a version");
			}
			versions.add(version);
		}
		if (versions.isEmpty()) {
			throw new SourceException(source.describe() + " names no version");
		}
		return versions;
	}

	/**
	 * A version source that is down or answers something that is not a list of versions.
	 */
	static final class SourceException extends RuntimeException {

		SourceException(String message) {
			super(message);
		}

	}

}
