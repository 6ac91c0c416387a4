package io.flotilla.audit;

/**
 * What an audit entry is about.
 *
 * @param type the kind of subject, such as {@code release}
 * @param id its id within that kind
 */
public record Subject(String type, String id) {

	public static final String RELEASE = "release";

	public static Subject release(String id) {
		return new Subject(RELEASE, id);
	}

}
