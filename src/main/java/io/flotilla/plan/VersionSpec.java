package io.flotilla.plan;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a cluster's version is read and which version the plan rolls out.
 *
 * @param path the field that carries the version, for example
 * {@code spec.template.spec.containers[name=clickhouse].image}
 * @param pattern optional regular expression whose first group extracts the version from
 * the field's value (for an image, {@code ":([^:]+)$"} takes the tag); null takes the
 * whole value
 * @param target the version this plan rolls out
 * @param order how versions are ordered, to tell a cluster newer than the target
 * @param allowDowngrade whether a cluster newer than the target is moved back to it; when
 * not, it is skipped
 */
public record VersionSpec(FieldPath path, Pattern pattern, String target, VersionOrder order, boolean allowDowngrade) {

	/**
	 * Whether a cluster at this version is newer than the target.
	 */
	public boolean isNewerThanTarget(String version) {
		return this.order.isNewer(version, this.target);
	}

	/**
	 * The version carried by a field value, if the value is present and matches the
	 * pattern.
	 */
	public Optional<String> extract(String fieldValue) {
		if (fieldValue == null) {
			return Optional.empty();
		}
		if (this.pattern == null) {
			return Optional.of(fieldValue);
		}
		Matcher matcher = this.pattern.matcher(fieldValue);
		return matcher.find() ? Optional.ofNullable(matcher.group(1)) : Optional.empty();
	}

}
