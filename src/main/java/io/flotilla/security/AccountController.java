package io.flotilla.security;

import java.util.List;
import java.util.Set;

import io.flotilla.account.Account;
import io.flotilla.account.AccountException;
import io.flotilla.account.Actor;
import io.flotilla.account.Role;
import io.flotilla.account.Users;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Who the caller is, and local users for admins: {@code flotilla user …} over HTTP.
 */
@Tag(name = "Users", description = "The caller, and local users for admins")
@RestController
class AccountController {

	private final Users users;

	AccountController(Users users) {
		this.users = users;
	}

	@Operation(summary = "Who the caller is")
	@GetMapping("/api/me")
	Actor me(Actor caller) {
		return caller;
	}

	@Operation(operationId = "listUsers", summary = "List local users (admin)")
	@GetMapping("/api/users")
	List<Account> list(Actor caller) {
		return this.users.list(caller);
	}

	@Operation(operationId = "createUser", summary = "Create a local user (admin)")
	@PostMapping("/api/users")
	@ResponseStatus(HttpStatus.CREATED)
	Account create(Actor caller, @RequestBody NewUser user) {
		Set<String> groups = (user.groups() != null) ? user.groups() : Set.of();
		return this.users.create(caller, user.name(), role(user.role()), groups, user.password());
	}

	@Operation(summary = "Change a password: one's own, or any as admin")
	@PutMapping("/api/users/{name}/password")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void changePassword(Actor caller, @PathVariable String name, @RequestBody NewPassword password) {
		this.users.changePassword(caller, name, password.password());
	}

	@Operation(summary = "Disable a user (admin)")
	@PostMapping("/api/users/{name}/disable")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void disable(Actor caller, @PathVariable String name) {
		this.users.disable(caller, name);
	}

	static Role role(String word) {
		if (word == null) {
			throw new AccountException(AccountException.Reason.INVALID, "role is required: viewer, operator or admin");
		}
		try {
			return Role.parse(word);
		}
		catch (IllegalArgumentException ex) {
			throw new AccountException(AccountException.Reason.INVALID, ex.getMessage());
		}
	}

	/**
	 * @param name the user's name
	 * @param role viewer, operator or admin
	 * @param groups the groups approver lists may name, or null for none
	 * @param password at least 12 characters
	 */
	record NewUser(String name, String role, Set<String> groups, String password) {

	}

	/**
	 * @param password at least 12 characters
	 */
	record NewPassword(String password) {

	}

}
