package io.flotilla.console.admin;

import java.time.Instant;
import java.util.List;
import java.util.TreeSet;

import io.flotilla.account.Account;
import io.flotilla.account.AccountException;
import io.flotilla.account.Actor;
import io.flotilla.account.Role;
import io.flotilla.account.Users;
import io.flotilla.audit.AuditLog;
import io.flotilla.audit.Subject;
import io.flotilla.console.ConsoleRefusals;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Local users for admins. {@link Users} checks the caller's role and writes the audit
 * entries, so the page only turns forms into its calls and its refusals into words.
 */
@Controller
class UsersPage {

	private static final String PAGE = "redirect:/console/admin/users";

	private final Users users;

	private final AuditLog audit;

	UsersPage(Users users, AuditLog audit) {
		this.users = users;
		this.audit = audit;
	}

	@GetMapping("/console/admin/users")
	String users(Actor caller, Model model) {
		List<User> users = this.users.list(caller).stream().map(this::user).toList();
		model.addAttribute("users", users);
		model.addAttribute("roles", Role.values());
		return "console/admin/users";
	}

	@PostMapping("/console/admin/users")
	String create(@RequestParam String name, @RequestParam String role, @RequestParam(defaultValue = "") String groups,
			@RequestParam String password, Actor caller, RedirectAttributes redirect) {
		try {
			Account created = this.users.create(caller, name.strip(), Role.parse(role), FormText.commaSeparated(groups),
					password);
			redirect.addFlashAttribute("notice", "Created user " + created.name() + ".");
		}
		catch (AccountException | IllegalArgumentException ex) {
			ConsoleRefusals.show(redirect, ex);
		}
		return PAGE;
	}

	@PostMapping("/console/admin/users/{name}/disable")
	String disable(@PathVariable String name, Actor caller, RedirectAttributes redirect) {
		try {
			this.users.disable(caller, name);
			redirect.addFlashAttribute("notice", "Disabled user " + name + ": their logins and tokens stop now.");
		}
		catch (AccountException ex) {
			ConsoleRefusals.show(redirect, ex);
		}
		return PAGE;
	}

	private User user(Account account) {
		return new User(account, this.audit.latest(Subject.user(account.name()), "login.succeeded").orElse(null),
				String.join(", ", new TreeSet<>(account.groups())));
	}

	/**
	 * A user with when they last logged in with their password, which the audit log
	 * knows; null when they never did (a token's use is not a login).
	 */
	record User(Account account, Instant lastLogin, String groups) {
	}

}
