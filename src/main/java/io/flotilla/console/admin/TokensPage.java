package io.flotilla.console.admin;

import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;

import io.flotilla.account.AccountException;
import io.flotilla.account.Actor;
import io.flotilla.account.IssuedToken;
import io.flotilla.account.Role;
import io.flotilla.account.TokenInfo;
import io.flotilla.account.Tokens;
import io.flotilla.console.ConsoleRefusals;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Everyone's API tokens for admins, and a token made for the admin themselves. A new
 * token's secret travels once, as a flash attribute to the page after the redirect, so a
 * reload or the browser's history never shows it again.
 */
@Controller
class TokensPage {

	private static final String PAGE = "redirect:/console/admin/tokens";

	private final Tokens tokens;

	private final Clock clock;

	TokensPage(Tokens tokens, Clock clock) {
		this.tokens = tokens;
		this.clock = clock;
	}

	@GetMapping("/console/admin/tokens")
	String tokens(Actor caller, Model model) {
		model.addAttribute("tokens",
				this.tokens.list(caller).stream().sorted(Comparator.comparingLong(TokenInfo::id).reversed()).toList());
		model.addAttribute("now", this.clock.instant());
		model.addAttribute("roles", Role.values());
		return "console/admin/tokens";
	}

	@PostMapping("/console/admin/tokens")
	String create(@RequestParam String name, @RequestParam String role, @RequestParam(required = false) Integer days,
			Actor caller, RedirectAttributes redirect) {
		try {
			Duration lifetime = (days != null) ? Duration.ofDays(days) : null;
			IssuedToken issued = this.tokens.create(caller, name.strip(), Role.parse(role), lifetime);
			redirect.addFlashAttribute("issued", issued.token());
			redirect.addFlashAttribute("notice",
					"Made token " + issued.info().id() + " '" + issued.info().name() + "' with role "
							+ issued.info().role().word() + ", expiring "
							+ issued.info().expiresAt().truncatedTo(ChronoUnit.SECONDS) + ".");
		}
		catch (AccountException | IllegalArgumentException ex) {
			ConsoleRefusals.show(redirect, ex);
		}
		return PAGE;
	}

	@PostMapping("/console/admin/tokens/{id}/revoke")
	String revoke(@PathVariable long id, Actor caller, RedirectAttributes redirect) {
		try {
			TokenInfo revoked = this.tokens.revoke(caller, id);
			redirect.addFlashAttribute("notice", "Revoked token " + revoked.id() + " '" + revoked.name() + "' of "
					+ revoked.owner() + ": it no longer authenticates.");
		}
		catch (AccountException ex) {
			ConsoleRefusals.show(redirect, ex);
		}
		return PAGE;
	}

}
