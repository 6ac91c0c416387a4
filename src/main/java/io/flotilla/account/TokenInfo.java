package io.flotilla.account;

import java.time.Instant;

/**
 * A token as its owner or an admin sees it: everything but the token.
 *
 * @param id the token's number, which revoking names
 * @param name what its owner called it, such as {@code ci}
 * @param role what it may do: at most its owner's role when it was made
 * @param owner the user who made it
 * @param createdAt when it was made
 * @param lastUsedAt when it last authenticated a request (to the minute), or null
 * @param expiresAt when it stops working
 * @param revokedAt when it was revoked, or null
 */
public record TokenInfo(long id, String name, Role role, String owner, Instant createdAt, Instant lastUsedAt,
		Instant expiresAt, Instant revokedAt) {

	public boolean isValidAt(Instant now) {
		return this.revokedAt == null && now.isBefore(this.expiresAt);
	}

}
