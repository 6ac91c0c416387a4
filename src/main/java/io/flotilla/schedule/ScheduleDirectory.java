package io.flotilla.schedule;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import io.flotilla.plan.Schedule;
import io.flotilla.plan.yaml.PlanException;
import io.flotilla.plan.yaml.PlanLoader;
import io.flotilla.plan.yaml.ScheduleLoader;

/**
 * One reading of the schedules directory: each {@code *.yaml} or {@code *.yml} file,
 * loaded, with the newest modification time in the directory. Names that start with a dot
 * are left out: a Kubernetes ConfigMap volume keeps its real files in
 * {@code ..<timestamp>/}, reached through the {@code ..data} symlink that an update
 * swaps, and shows each file as a symlink into it. Following those symlinks, a reading
 * sees one whole version of the ConfigMap.
 */
final class ScheduleDirectory {

	private ScheduleDirectory() {
	}

	/**
	 * Reads the directory, or nothing when it does not exist: a missing directory (a
	 * volume not mounted yet) must not remove every schedule.
	 */
	static Optional<Copy> read(Path directory, ScheduleLoader loader) throws IOException {
		if (!Files.isDirectory(directory)) {
			return Optional.empty();
		}
		Instant modified = Files.getLastModifiedTime(directory).toInstant();
		Path data = directory.resolve("..data");
		if (Files.exists(data)) {
			modified = later(modified, Files.getLastModifiedTime(data).toInstant());
		}
		List<FileCopy> files = new ArrayList<>();
		try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, "*.{yaml,yml}")) {
			for (Path file : entries) {
				if (file.getFileName().toString().startsWith(".") || !Files.isRegularFile(file)) {
					continue;
				}
				modified = later(modified, Files.getLastModifiedTime(file).toInstant());
				files.add(load(file, loader));
			}
		}
		files.sort((a, b) -> a.name().compareTo(b.name()));
		// as PostgreSQL keeps it, or this copy would look older than itself once stored
		return Optional.of(new Copy(modified.truncatedTo(ChronoUnit.MICROS), files));
	}

	static FileCopy load(Path file, ScheduleLoader loader) {
		String name = PlanLoader.defaultName(file.getFileName().toString());
		try {
			String text = PlanLoader.read(file);
			try {
				return new FileCopy(name, file.toString(), text, sha256(text), loader.load(file.toString(), text),
						null);
			}
			catch (PlanException ex) {
				return new FileCopy(name, file.toString(), text, sha256(text), null, ex.getMessage());
			}
		}
		catch (PlanException ex) {
			return new FileCopy(name, file.toString(), null, null, null, ex.getMessage());
		}
	}

	/**
	 * A stored schedule's text, loaded again: it was valid when stored, and what it names
	 * outside itself is checked when it fires.
	 */
	static Schedule parse(String file, String text) {
		return new ScheduleLoader((plan) -> Optional.empty(), (user) -> Optional.empty()).load(file, text);
	}

	static String sha256(String text) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every JDK has SHA-256", ex);
		}
	}

	private static Instant later(Instant a, Instant b) {
		return a.isAfter(b) ? a : b;
	}

	/**
	 * One reading of the directory.
	 *
	 * @param modifiedAt the newest modification time of the directory, its {@code ..data}
	 * and its files: which copy of the schedules this is
	 */
	record Copy(Instant modifiedAt, List<FileCopy> files) {

	}

	/**
	 * One file as read.
	 *
	 * @param schedule the schedule, or null when the file is invalid
	 * @param problems what is wrong with it, each problem on a line with its place, or
	 * null when it is valid
	 */
	record FileCopy(String name, String file, String text, String hash, Schedule schedule, String problems) {

		boolean isValid() {
			return this.schedule != null;
		}

	}

}
