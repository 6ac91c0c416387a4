package io.flotilla.audit;

import java.util.List;

/**
 * What an audit entry is about.
 *
 * @param type the kind of subject: {@code release}, {@code user}, {@code token} or
 * {@code schedule}
 * @param id its id within that kind
 */
public record Subject(String type, String id) {

	public static final String RELEASE = "release";

	public static final String USER = "user";

	public static final String TOKEN = "token";

	public static final String SCHEDULE = "schedule";

	public static final String FREEZE = "freeze";

	/** Every type a subject has, so a subject's id alone can be looked up under each. */
	public static final List<String> TYPES = List.of(RELEASE, USER, TOKEN, SCHEDULE, FREEZE);

	public static Subject release(String id) {
		return new Subject(RELEASE, id);
	}

	/**
	 * A user's entries: their changes and the logins tried with their name, which need
	 * not be the name of a user.
	 */
	public static Subject user(String name) {
		return new Subject(USER, name);
	}

	/**
	 * A schedule's entries: each of its fires, started, queued or skipped and why, and
	 * its pauses and resumes.
	 */
	public static Subject schedule(String name) {
		return new Subject(SCHEDULE, name);
	}

	public static Subject token(long id) {
		return new Subject(TOKEN, Long.toString(id));
	}

}
