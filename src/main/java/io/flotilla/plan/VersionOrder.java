package io.flotilla.plan;

import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a plan's versions are ordered, so that a cluster newer than the target is told
 * apart from one that is behind it. A version that cannot be read in the order (a tag
 * such as {@code latest}) is never called newer: it is upgraded as before.
 */
public enum VersionOrder {

	/**
	 * Dot-separated non-negative numbers compared one by one, a missing one counting as
	 * 0: {@code 25.3 < 25.3.2.47465 < 25.10}. ClickHouse's, PostgreSQL's and most images'
	 * tags.
	 */
	NUMERIC,

	/**
	 * Semantic versioning 2.0 precedence, with an optional leading {@code v}: a
	 * pre-release ({@code 1.2.0-rc.1}) is older than its release, build metadata is
	 * ignored.
	 */
	SEMVER,

	/** No order: no version is newer than another, so nothing is skipped as newer. */
	NONE;

	private static final Pattern NUMBERS = Pattern.compile("\\d+(\\.\\d+)*");

	private static final Pattern SEMANTIC = Pattern
		.compile("v?(\\d+)\\.(\\d+)\\.(\\d+)(?:-([0-9A-Za-z.-]+))?(?:\\+[0-9A-Za-z.-]+)?");

	/**
	 * The order a plan names, in any case.
	 */
	public static Optional<VersionOrder> named(String name) {
		for (VersionOrder order : values()) {
			if (order.word().equals(name.toLowerCase(Locale.ROOT))) {
				return Optional.of(order);
			}
		}
		return Optional.empty();
	}

	public static List<String> words() {
		return List.of(NUMERIC.word(), SEMVER.word(), NONE.word());
	}

	public String word() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * Whether {@code version} comes after {@code target} in this order; false when either
	 * cannot be read in it.
	 */
	public boolean isNewer(String version, String target) {
		return compare(version, target).map((sign) -> sign > 0).orElse(false);
	}

	/**
	 * The sign of {@code a} against {@code b}, or empty when either cannot be read in
	 * this order.
	 */
	public Optional<Integer> compare(String a, String b) {
		if (a == null || b == null) {
			return Optional.empty();
		}
		return switch (this) {
			case NUMERIC -> numeric(a, b);
			case SEMVER -> semantic(a, b);
			case NONE -> Optional.empty();
		};
	}

	private static Optional<Integer> numeric(String a, String b) {
		if (!NUMBERS.matcher(a).matches() || !NUMBERS.matcher(b).matches()) {
			return Optional.empty();
		}
		String[] left = a.split("\\.");
		String[] right = b.split("\\.");
		for (int i = 0; i < Math.max(left.length, right.length); i++) {
			int sign = number(left, i).compareTo(number(right, i));
			if (sign != 0) {
				return Optional.of(Integer.signum(sign));
			}
		}
		return Optional.of(0);
	}

	private static BigInteger number(String[] parts, int index) {
		return (index < parts.length) ? new BigInteger(parts[index]) : BigInteger.ZERO;
	}

	private static Optional<Integer> semantic(String a, String b) {
		Matcher left = SEMANTIC.matcher(a);
		Matcher right = SEMANTIC.matcher(b);
		if (!left.matches() || !right.matches()) {
			return Optional.empty();
		}
		for (int group = 1; group <= 3; group++) {
			int sign = new BigInteger(left.group(group)).compareTo(new BigInteger(right.group(group)));
			if (sign != 0) {
				return Optional.of(Integer.signum(sign));
			}
		}
		return Optional.of(preRelease(left.group(4), right.group(4)));
	}

	/**
	 * A release is newer than any of its pre-releases; pre-releases compare identifier by
	 * identifier, numbers numerically and below words, a shorter list first.
	 */
	private static int preRelease(String a, String b) {
		if (a == null || b == null) {
			return (a == null) ? ((b == null) ? 0 : 1) : -1;
		}
		String[] left = a.split("\\.");
		String[] right = b.split("\\.");
		for (int i = 0; i < Math.min(left.length, right.length); i++) {
			int sign = identifier(left[i], right[i]);
			if (sign != 0) {
				return sign;
			}
		}
		return Integer.signum(left.length - right.length);
	}

	private static int identifier(String a, String b) {
		boolean numberA = a.chars().allMatch(Character::isDigit);
		boolean numberB = b.chars().allMatch(Character::isDigit);
		if (numberA && numberB) {
			return Integer.signum(new BigInteger(a).compareTo(new BigInteger(b)));
		}
		if (numberA != numberB) {
			return numberA ? -1 : 1;
		}
		return Integer.signum(a.compareTo(b));
	}

}
