package io.flotilla.account;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code flotilla_user} table. Groups are one comma-separated column: a user has a
 * handful, and they are always read with the user.
 */
@Repository
class UserTable {

	private final JdbcClient jdbc;

	UserTable(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * @return false when a user of that name exists already, which is then left as it was
	 */
	boolean insert(String name, String passwordHash, Role role, Set<String> groups, Instant now) {
		return this.jdbc.sql("""
				INSERT INTO flotilla_user (name, password_hash, role, groups, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING""")
			.params(name, passwordHash, role.name(), joined(groups), Timestamp.from(now), Timestamp.from(now))
			.update() == 1;
	}

	Optional<Account> find(String name) {
		return this.jdbc.sql("SELECT * FROM flotilla_user WHERE name = ?")
			.param(name)
			.query(UserTable::account)
			.optional();
	}

	/**
	 * The stored hash of an enabled user's password, or empty for an unknown or disabled
	 * user.
	 */
	Optional<String> passwordHash(String name) {
		return this.jdbc.sql("SELECT password_hash FROM flotilla_user WHERE name = ? AND NOT disabled")
			.param(name)
			.query(String.class)
			.optional();
	}

	List<Account> list() {
		return this.jdbc.sql("SELECT * FROM flotilla_user ORDER BY name").query(UserTable::account).list();
	}

	boolean isEmpty() {
		return this.jdbc.sql("SELECT NOT EXISTS (SELECT 1 FROM flotilla_user)").query(Boolean.class).single();
	}

	boolean changePassword(String name, String passwordHash, Instant now) {
		return this.jdbc.sql("UPDATE flotilla_user SET password_hash = ?, updated_at = ? WHERE name = ?")
			.params(passwordHash, Timestamp.from(now), name)
			.update() == 1;
	}

	boolean disable(String name, Instant now) {
		return this.jdbc.sql("UPDATE flotilla_user SET disabled = true, updated_at = ? WHERE name = ?")
			.params(Timestamp.from(now), name)
			.update() == 1;
	}

	/**
	 * Every group some user is assigned.
	 */
	Set<String> groups() {
		return this.jdbc.sql("SELECT groups FROM flotilla_user WHERE groups <> ''")
			.query(String.class)
			.list()
			.stream()
			.flatMap((groups) -> split(groups).stream())
			.collect(Collectors.toCollection(TreeSet::new));
	}

	/**
	 * Holds a transaction-scoped lock that every server takes to create the first admin,
	 * so that two starting at once on one database create one.
	 */
	void lockForBootstrap() {
		this.jdbc.sql("SELECT pg_advisory_xact_lock(hashtext('flotilla_user bootstrap'))").query().singleRow();
	}

	private static Account account(ResultSet rs, int row) throws SQLException {
		return new Account(rs.getString("name"), Role.valueOf(rs.getString("role")), split(rs.getString("groups")),
				rs.getBoolean("disabled"), rs.getTimestamp("created_at").toInstant(),
				rs.getTimestamp("updated_at").toInstant());
	}

	static String joined(Set<String> groups) {
		return String.join(",", new TreeSet<>(groups));
	}

	static Set<String> split(String groups) {
		return groups.isEmpty() ? Set.of() : Set.copyOf(Arrays.asList(groups.split(",")));
	}

}
