package io.flotilla.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import io.flotilla.account.AccountException.Reason;
import io.flotilla.audit.AuditEntry;
import io.flotilla.audit.AuditLog;
import io.flotilla.audit.Subject;
import io.flotilla.secret.SecretFiles;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * API tokens: made by a user for themselves with at most their own role, shown once,
 * stored as a hash, listed and revoked. Making and revoking one is recorded in the audit
 * log.
 */
@Service
public class Tokens {

	/**
	 * What every token starts with, so that a secret scanner, or an engineer, can tell a
	 * leaked Flotilla token at a glance.
	 */
	public static final String PREFIX = "flt_";

	/** {@code flotilla_token.owner}: as long as any actor's name. */
	private static final int OWNER_LENGTH = 200;

	private final TokenTable tokens;

	private final AuditLog audit;

	private final AccountProperties properties;

	private final Clock clock;

	Tokens(TokenTable tokens, AuditLog audit, AccountProperties properties, Clock clock) {
		this.tokens = tokens;
		this.audit = audit;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Makes a token for the caller.
	 * @param role what it may do, or null for the caller's own role
	 * @param lifetime how long it lives, or null for the default
	 * @throws AccountException FORBIDDEN for a role above the caller's, INVALID for a bad
	 * name or a lifetime that is not positive or too long
	 */
	@Transactional
	public IssuedToken create(Actor owner, String name, Role role, Duration lifetime) {
		Role granted = (role != null) ? role : owner.role();
		if (!owner.may(granted)) {
			throw new AccountException(Reason.FORBIDDEN, owner.name() + " is " + owner.role().word()
					+ " and may make tokens with at most that role, not " + granted.word());
		}
		Users.checkName("token name", name);
		if (owner.name().length() > OWNER_LENGTH) {
			throw new AccountException(Reason.INVALID,
					"a token's owner name may be at most " + OWNER_LENGTH + " characters long");
		}
		Duration life = (lifetime != null) ? lifetime : this.properties.tokenLifetime();
		if (life.isNegative() || life.isZero() || life.compareTo(this.properties.maxTokenLifetime()) > 0) {
			throw new AccountException(Reason.INVALID, "a token's expiry must be more than 0 and at most "
					+ this.properties.maxTokenLifetime().toDays() + " days");
		}
		return issue(owner, name, granted, life);
	}

	/**
	 * A short-lived token for a user who just logged in with their password.
	 */
	IssuedToken issueForLogin(Actor user) {
		return issue(user, "login", user.role(), this.properties.loginTokenLifetime());
	}

	private IssuedToken issue(Actor owner, String name, Role role, Duration lifetime) {
		String token = PREFIX + SecretFiles.generate();
		Instant now = this.clock.instant();
		TokenInfo info = this.tokens.insert(name, hash(token), role, owner.name(), owner.groups(), now,
				now.plus(lifetime));
		record(owner, info.id(), "token.created", "made token " + info.id() + " '" + name + "' for " + owner.name()
				+ " with role " + role.word() + ", expiring " + info.expiresAt());
		return new IssuedToken(token, info);
	}

	/**
	 * Who the token speaks for, when it is one of ours, not expired, not revoked, and its
	 * owner is not disabled.
	 */
	public Optional<Actor> authenticate(String token) {
		if (token == null || !token.startsWith(PREFIX)) {
			return Optional.empty();
		}
		String hash = hash(token);
		Instant now = this.clock.instant();
		Optional<TokenTable.ValidToken> valid = this.tokens.valid(hash, now);
		valid.filter(TokenTable.ValidToken::stale).ifPresent((found) -> this.tokens.touch(hash, now));
		return valid.map(TokenTable.ValidToken::actor);
	}

	/**
	 * The caller's tokens; an admin's list holds everyone's.
	 */
	public List<TokenInfo> list(Actor by) {
		return this.tokens.list(by.may(Role.ADMIN) ? null : by.name());
	}

	/**
	 * Revokes a token at once. Revoking one that is revoked already changes nothing.
	 * @throws AccountException NOT_FOUND for an unknown token, or one of another user
	 * unless the caller is an admin
	 */
	@Transactional
	public TokenInfo revoke(Actor by, long id) {
		TokenInfo token = this.tokens.find(id)
			.filter((found) -> by.may(Role.ADMIN) || found.owner().equals(by.name()))
			.orElseThrow(() -> new AccountException(Reason.NOT_FOUND, "no token " + id + " of yours"));
		if (this.tokens.revoke(id, this.clock.instant())) {
			record(by, id, "token.revoked", "revoked token " + id + " '" + token.name() + "' of " + token.owner());
		}
		return this.tokens.find(id).orElseThrow();
	}

	private void record(Actor by, long id, String kind, String message) {
		this.audit.record(new AuditEntry(Subject.token(id), this.clock.instant(), kind, null, message, by.name(), null,
				null, null));
	}

	static String hash(String token) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every JDK has SHA-256", ex);
		}
	}

}
