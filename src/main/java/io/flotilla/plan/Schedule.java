package io.flotilla.plan;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A schedule from {@code schedules/}: when to start a release of which plan, at which
 * version, as whom, and what to do when a fire comes late or the previous release is
 * still going. Syntax in {@code docs/schedules.md}.
 *
 * @param name unique among the schedules: the file name without {@code .yaml}
 * @param plan the plan file's name in the plans directory, without {@code .yaml}
 * @param cron a Quartz cron expression (seconds first)
 * @param zone the time zone the cron expression is read in
 * @param version the version to roll out, or where to read the newest one at fire time
 * @param idPattern the release id, with {@code {schedule}}, {@code {date}},
 * {@code {time}} and {@code {version}} filled in at fire time
 * @param runAs the user whose role and groups the releases are started with
 * @param misfire what a fire that comes late does
 * @param maxLateness how late a {@link Misfire#RUN_ONCE} fire may still start a release
 * @param overlap what a fire does while the schedule's previous release is active
 */
public record Schedule(String name, String plan, String cron, ZoneId zone, VersionSource version, String idPattern,
		String runAs, Misfire misfire, Duration maxLateness, Overlap overlap) {

	/** What a release id becomes when the schedule names none. */
	public static final String DEFAULT_ID_PATTERN = "{schedule}-{date}-{time}";

	private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,46}[a-z0-9])?");

	private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyyMMdd", Locale.ROOT);

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HHmmss", Locale.ROOT);

	/**
	 * Whether a file name can name a schedule: 1 to 48 lower-case letters, digits and
	 * '-', starting and ending with a letter or digit, so that it fits a release id.
	 */
	public static boolean isName(String name) {
		return NAME.matcher(name).matches();
	}

	/**
	 * The release id of a fire that was due at the given time, in the schedule's zone.
	 */
	public String releaseId(ZonedDateTime due, String targetVersion) {
		ZonedDateTime local = due.withZoneSameInstant(this.zone);
		return this.idPattern.replace("{schedule}", this.name)
			.replace("{date}", DATE.format(local))
			.replace("{time}", TIME.format(local))
			.replace("{version}", targetVersion);
	}

	/**
	 * Where a schedule's target version comes from.
	 *
	 * @param fixed the version itself, for a fixed one
	 * @param file a file whose lines are versions, relative to the schedule's directory
	 * @param url an HTTP URL whose answer's lines are versions
	 */
	public record VersionSource(String fixed, String file, String url) {

		public static VersionSource fixed(String version) {
			return new VersionSource(version, null, null);
		}

		public static VersionSource file(String file) {
			return new VersionSource(null, file, null);
		}

		public static VersionSource url(String url) {
			return new VersionSource(null, null, url);
		}

		public Optional<String> fixedVersion() {
			return Optional.ofNullable(this.fixed);
		}

		/**
		 * The source in words: {@code 25.3}, {@code newest in file versions.txt},
		 * {@code newest from http://...}.
		 */
		public String describe() {
			if (this.fixed != null) {
				return this.fixed;
			}
			return (this.file != null) ? "newest in file " + this.file : "newest from " + this.url;
		}

	}

	/**
	 * What a fire does that comes late, after its due time passed while no server ran (or
	 * every one was busy).
	 */
	public enum Misfire {

		/** The fire is skipped and recorded as skipped; the next one is awaited. */
		SKIP("skip"),

		/**
		 * One release starts late, if within the maximum lateness; older ones are
		 * skipped.
		 */
		RUN_ONCE("runOnce");

		private final String word;

		Misfire(String word) {
			this.word = word;
		}

		public String word() {
			return this.word;
		}

	}

	/**
	 * What a fire does while the schedule's previous release is still active.
	 */
	public enum Overlap {

		/** The fire is skipped, recorded with the release it waited for. */
		SKIP("skip"),

		/** One fire waits and starts once the previous release has ended. */
		QUEUE("queue");

		private final String word;

		Overlap(String word) {
			this.word = word;
		}

		public String word() {
			return this.word;
		}

	}

}
