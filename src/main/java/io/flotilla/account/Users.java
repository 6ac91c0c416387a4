package io.flotilla.account;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import io.flotilla.account.AccountException.Reason;
import io.flotilla.audit.AuditEntry;
import io.flotilla.audit.AuditLog;
import io.flotilla.audit.Subject;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Local users: created, given a new password and disabled by admins, each change recorded
 * in the audit log with who made it. A user is disabled, never deleted, so that the audit
 * log's actors keep meaning someone.
 */
@Service
public class Users {

	/**
	 * What a user or group name may be: it is written in commands, plans and the audit
	 * log, so it has no spaces and no commas.
	 */
	public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,99}");

	private final UserTable users;

	private final AuditLog audit;

	private final AccountProperties properties;

	private final Clock clock;

	Users(UserTable users, AuditLog audit, AccountProperties properties, Clock clock) {
		this.users = users;
		this.audit = audit;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * @throws AccountException FORBIDDEN unless {@code by} is an admin, INVALID for a bad
	 * name, group or password, CONFLICT when the name is taken
	 */
	@Transactional
	public Account create(Actor by, String name, Role role, Set<String> groups, String password) {
		requireAdmin(by);
		checkName("user name", name);
		groups.forEach((group) -> checkName("group", group));
		if (!this.users.insert(name, Passwords.hash(password), role, groups, this.clock.instant())) {
			throw new AccountException(Reason.CONFLICT, "user '" + name + "' exists already");
		}
		record(by, name, "user.created", "created user " + name + " with role " + role.word()
				+ (groups.isEmpty() ? "" : " in groups " + String.join(", ", new TreeSet<>(groups))));
		return this.users.find(name).orElseThrow();
	}

	/**
	 * @throws AccountException FORBIDDEN unless {@code by} is an admin or the user
	 * themselves, NOT_FOUND for an unknown user, INVALID for a bad password
	 */
	@Transactional
	public void changePassword(Actor by, String name, String password) {
		if (!by.name().equals(name)) {
			requireAdmin(by);
		}
		if (!this.users.changePassword(name, Passwords.hash(password), this.clock.instant())) {
			throw unknown(name);
		}
		record(by, name, "user.password-changed", "changed the password of user " + name);
	}

	/**
	 * Disables the user: their logins and tokens stop working at once.
	 * @throws AccountException FORBIDDEN unless {@code by} is an admin, or when the admin
	 * would disable themselves; NOT_FOUND for an unknown user
	 */
	@Transactional
	public void disable(Actor by, String name) {
		requireAdmin(by);
		if (by.name().equals(name)) {
			throw new AccountException(Reason.FORBIDDEN,
					"an admin cannot disable themselves: ask another admin, so that one always remains");
		}
		if (!this.users.disable(name, this.clock.instant())) {
			throw unknown(name);
		}
		record(by, name, "user.disabled", "disabled user " + name);
	}

	/**
	 * @throws AccountException FORBIDDEN unless {@code by} is an admin
	 */
	public List<Account> list(Actor by) {
		requireAdmin(by);
		return this.users.list();
	}

	/**
	 * The user as an actor, when they exist and are not disabled: how a Slack user mapped
	 * to a Flotilla user acts with that user's role and groups.
	 */
	public Optional<Actor> actor(String name) {
		return this.users.find(name).filter((account) -> !account.disabled()).map(Account::actor);
	}

	/**
	 * The groups an approver list may name: those assigned to local users, those single
	 * sign-on roles are mapped from, and the single sign-on groups configured besides.
	 */
	public Set<String> knownGroups() {
		Set<String> groups = new TreeSet<>(this.users.groups());
		groups.addAll(this.properties.groups());
		this.properties.oidc().roles().values().forEach(groups::addAll);
		return groups;
	}

	/**
	 * Records a single sign-on login: the provider checked who it is, Flotilla what they
	 * may do.
	 */
	@Transactional
	public void recordSingleSignOn(Actor actor) {
		record(actor, actor.name(), "login.succeeded", actor.name() + " signed on as " + actor.role().word()
				+ (actor.groups().isEmpty() ? "" : " in groups " + String.join(", ", new TreeSet<>(actor.groups()))));
	}

	/**
	 * Records a single sign-on login refused because none of the user's groups maps to a
	 * role.
	 */
	@Transactional
	public void recordRefusedSingleSignOn(String name, Set<String> groups) {
		this.audit.record(new AuditEntry(Subject.user(name), this.clock.instant(), "login.refused", null,
				name + " signed on, but none of the groups " + new TreeSet<>(groups) + " is mapped to a role", name,
				null, null, null));
	}

	static void requireAdmin(Actor by) {
		if (!by.may(Role.ADMIN)) {
			throw new AccountException(Reason.FORBIDDEN, by.name() + " is " + by.role().word() + "; only an admin may");
		}
	}

	static void checkName(String what, String name) {
		if (name == null || !NAME.matcher(name).matches()) {
			throw new AccountException(Reason.INVALID, what + " '" + name
					+ "' is not valid: up to 100 letters, digits and . _ @ -, starting with a letter or digit");
		}
	}

	private static AccountException unknown(String name) {
		return new AccountException(Reason.NOT_FOUND, "no user named '" + name + "'");
	}

	private void record(Actor by, String name, String kind, String message) {
		this.audit.record(new AuditEntry(Subject.user(name), this.clock.instant(), kind, null, message, by.name(), null,
				null, null));
	}

}
