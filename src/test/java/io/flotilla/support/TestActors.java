package io.flotilla.support;

import java.util.Set;

import io.flotilla.account.Actor;
import io.flotilla.account.Role;

/**
 * Callers for tests that reach the release service directly, past the API's doors.
 */
public final class TestActors {

	private TestActors() {
	}

	public static Actor operator(String name) {
		return new Actor(name, Role.OPERATOR, Set.of());
	}

	public static Actor operator(String name, String... groups) {
		return new Actor(name, Role.OPERATOR, Set.of(groups));
	}

	public static Actor admin(String name) {
		return new Actor(name, Role.ADMIN, Set.of());
	}

	public static Actor viewer(String name) {
		return new Actor(name, Role.VIEWER, Set.of());
	}

}
