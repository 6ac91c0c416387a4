package io.flotilla.release;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The rule a release id follows, shared by the server and the CLI: an id is a DNS label
 * with dots, so it can name Kubernetes objects, sit in a URL path unencoded, and never
 * reach another release through {@code ..} or a slash.
 */
public final class ReleaseIds {

	/** What a valid id looks like, in the words of every refusal. */
	public static final String RULE = "use 1 to 63 lower-case letters, digits, '-' and '.', starting and ending with a letter or digit";

	private static final int MAX_LENGTH = 63;

	private static final Pattern VALID = Pattern.compile("[a-z0-9]([a-z0-9.-]{0,61}[a-z0-9])?");

	private static final Pattern NOT_ALLOWED = Pattern.compile("[^a-z0-9.-]+");

	private static final Pattern EDGES = Pattern.compile("^[.-]+|[.-]+$");

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
		.withZone(ZoneOffset.UTC);

	private ReleaseIds() {
	}

	public static boolean isValid(String id) {
		return id != null && VALID.matcher(id).matches() && !id.contains("..");
	}

	/**
	 * The id of a release started without one: the plan's name made valid (lower case,
	 * any other character a '-', shortened to leave room) and the start time, such as
	 * {@code my-plan-20261201-101500} for a plan named {@code My_Plan}.
	 */
	public static String derive(String planName, Instant at) {
		String time = TIME.format(at);
		String name = NOT_ALLOWED.matcher(planName.toLowerCase(Locale.ROOT)).replaceAll("-").replace("..", ".");
		name = EDGES.matcher(name).replaceAll("");
		int room = MAX_LENGTH - time.length() - 1;
		if (name.length() > room) {
			name = EDGES.matcher(name.substring(0, room)).replaceAll("");
		}
		return name.isEmpty() ? "release-" + time : name + "-" + time;
	}

}
