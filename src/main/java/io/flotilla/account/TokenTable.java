package io.flotilla.account;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code flotilla_token} table, keyed for lookups by the token's hash.
 */
@Repository
class TokenTable {

	/**
	 * How stale {@code last_used_at} may get: a token used by every request of a busy
	 * script is written once a minute, not once a request.
	 */
	static final Duration LAST_USED_PRECISION = Duration.ofMinutes(1);

	private final JdbcClient jdbc;

	TokenTable(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	TokenInfo insert(String name, String hash, Role role, String owner, Set<String> groups, Instant now,
			Instant expiresAt) {
		long id = this.jdbc.sql("""
				INSERT INTO flotilla_token (name, hash, role, owner, groups, created_at, expires_at)
				VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id""")
			.params(name, hash, role.name(), owner, UserTable.joined(groups), Timestamp.from(now),
					Timestamp.from(expiresAt))
			.query(Long.class)
			.single();
		return new TokenInfo(id, name, role, owner, now, null, expiresAt, null);
	}

	/**
	 * Who a token of that hash speaks for, when it is neither expired nor revoked and its
	 * owner, if a local user, is not disabled; a user who signs on through single sign-on
	 * has no row, and their token lives until it expires or is revoked. The same read
	 * says whether {@code last_used_at} is stale, so that a request whose token was used
	 * within the minute sends no update at all.
	 */
	Optional<ValidToken> valid(String hash, Instant now) {
		return this.jdbc.sql("""
				SELECT t.owner, t.role, t.groups, (t.last_used_at IS NULL OR t.last_used_at < ?) AS stale
				FROM flotilla_token t LEFT JOIN flotilla_user u ON u.name = t.owner
				WHERE t.hash = ? AND t.revoked_at IS NULL AND t.expires_at > ? AND NOT coalesce(u.disabled, false)""")
			.params(Timestamp.from(now.minus(LAST_USED_PRECISION)), hash, Timestamp.from(now))
			.query((rs,
					row) -> new ValidToken(new Actor(rs.getString("owner"), Role.valueOf(rs.getString("role")),
							UserTable.split(rs.getString("groups"))), rs.getBoolean("stale")))
			.optional();
	}

	/**
	 * Stamps the token as used now, unless another server did within the minute.
	 */
	void touch(String hash, Instant now) {
		this.jdbc.sql("""
				UPDATE flotilla_token SET last_used_at = ? WHERE hash = ?
				AND (last_used_at IS NULL OR last_used_at < ?)""")
			.params(Timestamp.from(now), hash, Timestamp.from(now.minus(LAST_USED_PRECISION)))
			.update();
	}

	Optional<TokenInfo> find(long id) {
		return this.jdbc.sql("SELECT * FROM flotilla_token WHERE id = ?").param(id).query(TokenTable::info).optional();
	}

	/**
	 * @param owner only this user's tokens, or null for everyone's
	 */
	List<TokenInfo> list(String owner) {
		if (owner == null) {
			return this.jdbc.sql("SELECT * FROM flotilla_token ORDER BY id").query(TokenTable::info).list();
		}
		return this.jdbc.sql("SELECT * FROM flotilla_token WHERE owner = ? ORDER BY id")
			.param(owner)
			.query(TokenTable::info)
			.list();
	}

	/**
	 * @return false when the token was revoked already
	 */
	boolean revoke(long id, Instant now) {
		return this.jdbc.sql("UPDATE flotilla_token SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")
			.params(Timestamp.from(now), id)
			.update() == 1;
	}

	/**
	 * @param actor who the token speaks for
	 * @param stale whether its {@code last_used_at} is older than
	 * {@link #LAST_USED_PRECISION}, or unset
	 */
	record ValidToken(Actor actor, boolean stale) {

	}

	private static TokenInfo info(ResultSet rs, int row) throws SQLException {
		return new TokenInfo(rs.getLong("id"), rs.getString("name"), Role.valueOf(rs.getString("role")),
				rs.getString("owner"), rs.getTimestamp("created_at").toInstant(), instant(rs, "last_used_at"),
				rs.getTimestamp("expires_at").toInstant(), instant(rs, "revoked_at"));
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		Timestamp timestamp = rs.getTimestamp(column);
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

}
