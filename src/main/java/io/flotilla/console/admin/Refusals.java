package io.flotilla.console.admin;

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

}
