package io.flotilla.plan.check;

import java.util.regex.Pattern;

/**
 * A regular expression counted in the cluster's pod logs since the patch.
 *
 * @param name the check's name
 * @param regex the expression, a valid {@link Pattern}
 * @param max matching lines that still pass, 0 or more
 * @param onFailure what a failure does
 */
public record LogPatternCheck(String name, String regex, int max, CheckPolicy onFailure) implements Check {

	public LogPatternCheck {
		Pattern.compile(regex);
		if (max < 0) {
			throw new IllegalArgumentException("max must be at least 0, not " + max);
		}
	}

	public Pattern pattern() {
		return Pattern.compile(this.regex);
	}

	@Override
	public LogPatternCheck withOnFailure(CheckPolicy onFailure) {
		return new LogPatternCheck(this.name, this.regex, this.max, onFailure);
	}

}
