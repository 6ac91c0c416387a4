package io.flotilla.account;

import java.time.Clock;
import java.time.Instant;

import io.flotilla.account.AccountException.Reason;
import io.flotilla.audit.AuditEntry;
import io.flotilla.audit.AuditLog;
import io.flotilla.audit.Subject;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A local user's password login, from the login form or {@code flotilla login}. Every
 * failure is recorded in the audit log under the name tried, with the client's address as
 * the actor; those entries are also what limits guessing, per name and address, on every
 * server that shares the database.
 */
@Service
public class PasswordLogin {

	static final String FAILED = "login.failed";

	private final UserTable users;

	private final Tokens tokens;

	private final AuditLog audit;

	private final AccountProperties properties;

	private final Clock clock;

	PasswordLogin(UserTable users, Tokens tokens, AuditLog audit, AccountProperties properties, Clock clock) {
		this.users = users;
		this.tokens = tokens;
		this.audit = audit;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * @param address the client's address
	 * @return who logged in
	 * @throws AccountException TOO_MANY_ATTEMPTS after too many failures for this name
	 * and address, or from this address whatever the names (the password is not even
	 * checked then), UNAUTHENTICATED for a wrong name or password or a disabled user, the
	 * same words for each
	 */
	@Transactional(noRollbackFor = AccountException.class)
	public Actor login(String name, String password, String address) {
		String tried = (name != null) ? name : "";
		Instant now = this.clock.instant();
		Subject subject = Subject.user(tried);
		Instant windowStart = now.minus(this.properties.loginWindow());
		boolean nameLimited = this.audit.countSince(subject, FAILED, address, windowStart) >= this.properties
			.loginAttempts();
		if (nameLimited || this.audit.countByActorSince(Subject.USER, FAILED, address, windowStart) >= this.properties
			.loginAttemptsPerAddress()) {
			String what = nameLimited ? "for " + tried + " from this address" : "from this address";
			record(subject, now, "login.limited", "login refused for " + tried + " from " + address
					+ ": too many failures " + (nameLimited ? "for this name" : "from this address"), address);
			throw new AccountException(Reason.TOO_MANY_ATTEMPTS, "too many failed logins " + what + ": try again in "
					+ this.properties.loginWindow().toSeconds() + " seconds");
		}
		String hash = this.users.passwordHash(tried).orElse(null);
		if (!Passwords.matches(password, hash)) {
			record(subject, now, FAILED, "failed login for " + tried + " from " + address, address);
			throw new AccountException(Reason.UNAUTHENTICATED, "wrong user name or password");
		}
		Actor actor = this.users.find(tried).orElseThrow().actor();
		record(subject, now, "login.succeeded", tried + " logged in from " + address, tried);
		return actor;
	}

	/**
	 * Logs in and makes a short-lived token: {@code flotilla login}.
	 */
	@Transactional(noRollbackFor = AccountException.class)
	public IssuedToken loginForToken(String name, String password, String address) {
		return this.tokens.issueForLogin(login(name, password, address));
	}

	private void record(Subject subject, Instant at, String kind, String message, String actor) {
		this.audit.record(new AuditEntry(subject, at, kind, null, message, actor, null, null, null));
	}

}
