package io.flotilla.account;

import java.util.Set;

/**
 * Who asks: the authenticated principal of a request, a Slack user mapped to a Flotilla
 * user, or Flotilla itself. It is what the audit log records as the actor and what
 * decides what the request may do.
 *
 * @param name the user's name, recorded with everything they do
 * @param role what they may do
 * @param groups the groups they belong to, from single sign-on or assigned to a local
 * user, which approver lists name
 */
public record Actor(String name, Role role, Set<String> groups) {

	public Actor {
		groups = Set.copyOf(groups);
	}

	/**
	 * Flotilla acting on its own (the demo, the bench), with every right.
	 */
	public static Actor system(String name) {
		return new Actor(name, Role.ADMIN, Set.of());
	}

	public boolean may(Role needed) {
		return this.role.includes(needed);
	}

	public boolean inAnyOf(Set<String> groups) {
		return groups.stream().anyMatch(this.groups::contains);
	}

}
