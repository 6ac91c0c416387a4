package io.flotilla.account;

/**
 * A token just made: the only time its secret is seen, since only its hash is stored.
 *
 * @param token the secret to send as {@code Authorization: Bearer …}
 * @param info what is stored of it
 */
public record IssuedToken(String token, TokenInfo info) {

	@Override
	public String toString() {
		return "IssuedToken[" + this.info + "]";
	}

}
