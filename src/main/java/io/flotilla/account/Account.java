package io.flotilla.account;

import java.time.Instant;
import java.util.Set;

/**
 * A local user as an admin sees it; the password's hash never leaves the table.
 *
 * @param name the user's name
 * @param role what the user may do
 * @param groups the groups approver lists may name
 * @param disabled whether the user may no longer log in or use their tokens
 * @param createdAt when the user was created
 * @param updatedAt when the user was last changed
 */
public record Account(String name, Role role, Set<String> groups, boolean disabled, Instant createdAt,
		Instant updatedAt) {

	public Account {
		groups = Set.copyOf(groups);
	}

	Actor actor() {
		return new Actor(this.name, this.role, this.groups);
	}

}
