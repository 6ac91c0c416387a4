package io.flotilla.security;

import java.time.Duration;
import java.util.List;

import io.flotilla.account.AccountException;
import io.flotilla.account.Actor;
import io.flotilla.account.IssuedToken;
import io.flotilla.account.PasswordLogin;
import io.flotilla.account.TokenInfo;
import io.flotilla.account.Tokens;
import io.flotilla.plan.Durations;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Tokens over HTTP ({@code flotilla token …}), and the password login that makes one
 * ({@code flotilla login}).
 */
@Tag(name = "Tokens", description = "Log in for a token; list, create and revoke tokens")
@RestController
class TokenController {

	private final Tokens tokens;

	private final PasswordLogin login;

	TokenController(Tokens tokens, PasswordLogin login) {
		this.tokens = tokens;
		this.login = login;
	}

	@Operation(summary = "Log in with a password for a token")
	@SecurityRequirements
	@PostMapping("/api/login")
	@ResponseStatus(HttpStatus.CREATED)
	IssuedToken login(@RequestBody Credentials credentials, HttpServletRequest request) {
		return this.login.loginForToken(credentials.user(), credentials.password(), request.getRemoteAddr());
	}

	@Operation(operationId = "listTokens", summary = "List the caller's tokens")
	@GetMapping("/api/tokens")
	List<TokenInfo> list(Actor caller) {
		return this.tokens.list(caller);
	}

	@Operation(operationId = "createToken", summary = "Create a token, at most the caller's role")
	@PostMapping("/api/tokens")
	@ResponseStatus(HttpStatus.CREATED)
	IssuedToken create(Actor caller, @RequestBody NewToken token) {
		return this.tokens.create(caller, token.name(),
				(token.role() != null) ? AccountController.role(token.role()) : null, lifetime(token.expires()));
	}

	@Operation(summary = "Revoke a token")
	@DeleteMapping("/api/tokens/{id}")
	TokenInfo revoke(Actor caller, @PathVariable long id) {
		return this.tokens.revoke(caller, id);
	}

	private static Duration lifetime(String expires) {
		if (expires == null) {
			return null;
		}
		try {
			return Durations.parse(expires);
		}
		catch (IllegalArgumentException ex) {
			throw new AccountException(AccountException.Reason.INVALID, "expires: " + ex.getMessage());
		}
	}

	/**
	 * @param user the user's name
	 * @param password their password
	 */
	record Credentials(String user, String password) {

	}

	/**
	 * @param name what the token is for, such as {@code ci}
	 * @param role its role, at most the caller's, or null for the caller's
	 * @param expires how long it lives ({@code 90d}), or null for the default
	 */
	record NewToken(String name, String role, String expires) {

	}

}
