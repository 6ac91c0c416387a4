package io.flotilla.console.admin;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.ui.Model;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A refused action is shown on the page it came from, in the owning service's words, so
 * an admin reads what a CLI user would; the layout shows it above the page.
 */
final class Refusals {

	private static final String FLASH = "refusal";

	private Refusals() {
	}

	static void show(RedirectAttributes redirect, RuntimeException refusal) {
		redirect.addFlashAttribute(FLASH, refusal.getMessage());
	}

	/**
	 * The console's problem page for what does not exist. It is rendered by the handler
	 * itself, not by an exception handler, since only a handler's model holds what the
	 * layout shows of the caller.
	 */
	static String notFound(Model model, HttpServletResponse response, String message) {
		response.setStatus(HttpServletResponse.SC_NOT_FOUND);
		model.addAttribute("problem", message);
		return "console/problem";
	}

}
