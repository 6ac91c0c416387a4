package io.flotilla.account;

import java.nio.charset.StandardCharsets;

import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * How passwords are hashed and what makes one acceptable. The delegating encoder prefixes
 * each hash with its algorithm ({@code {bcrypt}…}), so a stronger one can become the
 * default while the stored hashes keep working.
 */
final class Passwords {

	static final int MIN_LENGTH = 12;

	/** bcrypt reads no further: a longer password would be cut without a word. */
	static final int MAX_BYTES = 72;

	private static final PasswordEncoder ENCODER = PasswordEncoderFactories.createDelegatingPasswordEncoder();

	/**
	 * A hash to check a password against when there is no user of that name, so that a
	 * stranger cannot tell from the time an answer takes which names exist.
	 */
	private static final String UNKNOWN_USER_HASH = ENCODER.encode("no user has this password");

	private Passwords() {
	}

	/**
	 * @throws AccountException INVALID saying what is wrong with it
	 */
	static String hash(String password) {
		if (password == null || password.codePointCount(0, password.length()) < MIN_LENGTH) {
			throw new AccountException(AccountException.Reason.INVALID,
					"a password needs at least " + MIN_LENGTH + " characters");
		}
		if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
			throw new AccountException(AccountException.Reason.INVALID,
					"a password may be at most " + MAX_BYTES + " bytes long");
		}
		return ENCODER.encode(password);
	}

	/**
	 * Whether the password matches the hash, taking as long when there is no hash.
	 */
	static boolean matches(String password, String hash) {
		if (password == null || password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
			ENCODER.matches("", UNKNOWN_USER_HASH);
			return false;
		}
		return ENCODER.matches(password, (hash != null) ? hash : UNKNOWN_USER_HASH) && hash != null;
	}

}
