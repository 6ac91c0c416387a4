package io.flotilla.account;

import java.util.Locale;

/**
 * What a user or token may do. Each role includes the ones before it: an operator reads
 * everything a viewer does, an admin does everything an operator does.
 */
public enum Role {

	/** Reads releases, claims, events and plans. */
	VIEWER,
	/** Starts releases and sends them signals. */
	OPERATOR,
	/** Manages users and tokens, and everything an operator does. */
	ADMIN;

	/**
	 * Whether this role may do what the other role may.
	 */
	public boolean includes(Role other) {
		return compareTo(other) >= 0;
	}

	/**
	 * The role's name as written in commands, configuration and the API.
	 */
	public String word() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * The Spring Security authority that carries the role.
	 */
	public String authority() {
		return "ROLE_" + name();
	}

	/**
	 * @throws IllegalArgumentException naming the roles there are
	 */
	public static Role parse(String word) {
		for (Role role : values()) {
			if (role.word().equalsIgnoreCase(word)) {
				return role;
			}
		}
		throw new IllegalArgumentException("unknown role '" + word + "': use viewer, operator or admin");
	}

}
