package io.flotilla.console;

import io.flotilla.account.Actor;
import io.flotilla.account.Role;
import io.flotilla.release.ReleaseException;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.context.request.async.AsyncRequestTimeoutException;

/**
 * What every console page knows: who is looking and what their role lets them do, so a
 * page shows only the buttons its viewer may use. A refusal on a page is a page, not a
 * problem document; the API's handlers answer everything else.
 */
@ControllerAdvice(basePackages = "io.flotilla.console")
@Order(Ordered.HIGHEST_PRECEDENCE)
class ConsoleModel {

	private static final Looks LOOKS = new Looks();

	@ModelAttribute("caller")
	Actor caller(Actor caller) {
		return caller;
	}

	@ModelAttribute("operator")
	boolean operator(Actor caller) {
		return caller.may(Role.OPERATOR);
	}

	@ModelAttribute("admin")
	boolean admin(Actor caller) {
		return caller.may(Role.ADMIN);
	}

	@ModelAttribute("looks")
	Looks looks() {
		return LOOKS;
	}

	/**
	 * A live page's stream that outlived its time: the browser opens the next one itself,
	 * so there is nothing to answer and nothing to log.
	 */
	@ExceptionHandler
	void streamEnded(AsyncRequestTimeoutException ex) {
	}

	@ExceptionHandler
	String refused(ReleaseException ex, Actor caller, Model model, HttpServletResponse response) {
		// an exception handler's model starts empty: the page still needs its viewer
		model.addAttribute("caller", caller(caller));
		model.addAttribute("operator", operator(caller));
		model.addAttribute("admin", admin(caller));
		model.addAttribute("looks", LOOKS);
		response.setStatus(ConsoleRefusals.status(ex));
		model.addAttribute("problem", ex.getMessage());
		return "console/problem";
	}

}
