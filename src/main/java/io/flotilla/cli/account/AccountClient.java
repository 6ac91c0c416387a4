package io.flotilla.cli.account;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.flotilla.account.Account;
import io.flotilla.account.IssuedToken;
import io.flotilla.account.Role;
import io.flotilla.account.TokenInfo;
import io.flotilla.account.Users;
import io.flotilla.cli.client.CliException;
import io.flotilla.cli.client.ExitCodes;
import io.flotilla.cli.client.ServerClient;
import io.flotilla.cli.client.ServerClient.Answer;
import tools.jackson.core.type.TypeReference;

import static io.flotilla.cli.client.ServerClient.allSet;

/**
 * The server's logins, tokens and users over its REST API, on a {@link ServerClient}:
 * what it refuses and what is not a Flotilla server's answer are reported as for every
 * other request.
 */
public final class AccountClient {

	private static final Answer<IssuedToken> ISSUED = new Answer<>("a new token", new TypeReference<>() {
	}, (issued) -> issued != null && issued.token() != null && isToken(issued.info()));

	private static final Answer<TokenInfo> TOKEN = new Answer<>("a token", new TypeReference<>() {
	}, AccountClient::isToken);

	private static final Answer<List<TokenInfo>> TOKENS = new Answer<>("a list of tokens", new TypeReference<>() {
	}, (tokens) -> tokens.stream().allMatch(AccountClient::isToken));

	private static final Answer<Account> USER = new Answer<>("a user", new TypeReference<>() {
	}, AccountClient::isUser);

	private static final Answer<List<Account>> USERS = new Answer<>("a list of users", new TypeReference<>() {
	}, (users) -> users.stream().allMatch(AccountClient::isUser));

	private final ServerClient server;

	public AccountClient(ServerClient server) {
		this.server = server;
	}

	/**
	 * Logs in with a password: the one request sent without a token.
	 * @return a short-lived token for the user
	 */
	public IssuedToken login(String user, String password) {
		return this.server.callWithoutToken("POST", "api/login", Map.of("user", user, "password", password), ISSUED);
	}

	/**
	 * @param role the token's role, or null for the caller's own
	 * @param expires how long it lives ({@code 90d}), or null for the server's default
	 */
	IssuedToken createToken(String name, Role role, String expires) {
		Map<String, String> body = new HashMap<>();
		body.put("name", name);
		body.put("role", (role != null) ? role.word() : null);
		body.put("expires", expires);
		return this.server.call("POST", "api/tokens", body, ISSUED);
	}

	/**
	 * The caller's tokens, or everyone's for an admin.
	 */
	List<TokenInfo> tokens() {
		return this.server.call("GET", "api/tokens", null, TOKENS);
	}

	TokenInfo revokeToken(long id) {
		return this.server.call("DELETE", "api/tokens/" + id, null, TOKEN);
	}

	List<Account> users() {
		return this.server.call("GET", "api/users", null, USERS);
	}

	Account createUser(String name, Role role, Set<String> groups, String password) {
		return this.server.call("POST", "api/users",
				Map.of("name", name, "role", role.word(), "groups", groups, "password", password), USER);
	}

	void changePassword(String name, String password) {
		this.server.callForNoContent("PUT", userPath(name) + "/password", Map.of("password", password));
	}

	void disableUser(String name) {
		this.server.callForNoContent("POST", userPath(name) + "/disable", null);
	}

	/**
	 * The path of a user, whose name is checked first, as a release id is:
	 * {@code ../tokens} must not be the path of something else.
	 */
	private static String userPath(String name) {
		checkName(name);
		return "api/users/" + URLEncoder.encode(name, StandardCharsets.UTF_8);
	}

	/**
	 * Refuses a user name the server would, by its rule: before a password is asked for
	 * it, and before it becomes a path.
	 */
	static void checkName(String name) {
		if (!Users.NAME.matcher(name).matches()) {
			throw new CliException(ExitCodes.BAD_INPUT, "user name '" + name
					+ "' is not valid: up to 100 letters, digits and . _ @ -, starting with a letter or digit");
		}
	}

	private static boolean isToken(TokenInfo token) {
		return token != null && allSet(token.name(), token.role(), token.owner(), token.createdAt(), token.expiresAt());
	}

	private static boolean isUser(Account user) {
		return user != null && allSet(user.name(), user.role(), user.createdAt());
	}

}
