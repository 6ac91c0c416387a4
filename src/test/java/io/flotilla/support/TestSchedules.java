package io.flotilla.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A schedules directory and a plans directory for a server under test, under
 * {@code target/}, written before the server starts and registered as
 * {@code flotilla.schedules.directory} and {@code flotilla.schedules.plans}.
 * <p>
 * The server reads the schedules directory as it starts, before the first admin exists,
 * so a schedule that runs as {@link TestAccounts#ADMIN} is invalid at first;
 * {@link #touch()} makes the server read the directory again once it is up.
 */
public final class TestSchedules {

	private final Path plans;

	private final Path schedules;

	private TestSchedules(Path plans, Path schedules) {
		this.plans = plans;
		this.schedules = schedules;
	}

	/**
	 * New empty directories, one pair per call.
	 */
	public static TestSchedules create(String prefix) {
		try {
			Path target = Files.createDirectories(Path.of("target").toAbsolutePath());
			Path root = Files.createTempDirectory(target, prefix + "-");
			return new TestSchedules(Files.createDirectory(root.resolve("plans")),
					Files.createDirectory(root.resolve("schedules")));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Points the server at the directories; it reads the schedules directory again every
	 * second besides its change notices.
	 */
	public void register(DynamicPropertyRegistry registry) {
		registry.add("flotilla.schedules.directory", this.schedules::toString);
		registry.add("flotilla.schedules.plans", this.plans::toString);
		registry.add("flotilla.schedules.rescan", () -> "1s");
	}

	public TestSchedules plan(String name, String text) {
		write(this.plans.resolve(name + ".yaml"), text);
		return this;
	}

	public TestSchedules schedule(String name, String text) {
		write(this.schedules.resolve(name + ".yaml"), text);
		return this;
	}

	/**
	 * A schedule's file as the server names it.
	 */
	public Path file(String name) {
		return this.schedules.resolve(name + ".yaml");
	}

	public Path plans() {
		return this.plans;
	}

	/**
	 * Marks every schedule file changed now, so the server reads the directory again as a
	 * newer copy.
	 */
	public void touch() {
		FileTime now = FileTime.from(Instant.now());
		try (DirectoryStream<Path> files = Files.newDirectoryStream(this.schedules)) {
			for (Path file : files) {
				Files.setLastModifiedTime(file, now);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void write(Path file, String text) {
		try {
			Files.writeString(file, text);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
