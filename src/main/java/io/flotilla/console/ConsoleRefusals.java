package io.flotilla.console;

import io.flotilla.release.ReleaseException;

import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * How a refused action is shown: the page it came from again, with the service's own
 * words above it, so a console user reads what a CLI user would.
 */
public final class ConsoleRefusals {

	static final String FLASH = "refusal";

	private ConsoleRefusals() {
	}

	static int status(ReleaseException ex) {
		return switch (ex.reason()) {
			case INVALID -> 400;
			case FORBIDDEN -> 403;
			case NOT_FOUND -> 404;
			case CONFLICT -> 409;
			case UNAVAILABLE -> 503;
		};
	}

	/**
	 * Shows the refusal's message above the page a redirect leads to: the layout shows
	 * the flash attribute {@value #FLASH}.
	 */
	public static void show(RedirectAttributes redirect, RuntimeException refusal) {
		redirect.addFlashAttribute(FLASH, refusal.getMessage());
	}

}
