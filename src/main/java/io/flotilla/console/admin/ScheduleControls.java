package io.flotilla.console.admin;

import io.flotilla.account.Actor;
import io.flotilla.console.ConsoleRefusals;
import io.flotilla.release.ReleaseException;
import io.flotilla.schedule.ScheduleService;
import io.flotilla.schedule.ScheduleService.FireView;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The timers page's buttons for operators: pause, resume and fire a schedule now. Each is
 * {@link ScheduleService}'s own call with the caller, so it is refused, applied and
 * audited exactly like the same command from the CLI or the REST API, and its refusal is
 * shown in the service's words.
 */
@Controller
class ScheduleControls {

	private static final String PAGE = "redirect:/console/timers";

	private final ScheduleService schedules;

	ScheduleControls(ScheduleService schedules) {
		this.schedules = schedules;
	}

	@PostMapping("/console/timers/schedules/{name}/pause")
	String pause(@PathVariable String name, @RequestParam(required = false) String reason, Actor caller,
			RedirectAttributes redirect) {
		try {
			this.schedules.pause(name, caller, FormText.blankToNull(reason));
			redirect.addFlashAttribute("notice", "Paused schedule " + name + ": it does not fire until resumed.");
		}
		catch (ReleaseException ex) {
			ConsoleRefusals.show(redirect, ex);
		}
		return PAGE;
	}

	@PostMapping("/console/timers/schedules/{name}/resume")
	String resume(@PathVariable String name, @RequestParam(required = false) String reason, Actor caller,
			RedirectAttributes redirect) {
		try {
			this.schedules.resume(name, caller, FormText.blankToNull(reason));
			redirect.addFlashAttribute("notice", "Resumed schedule " + name + ": it fires again from its next time.");
		}
		catch (ReleaseException ex) {
			ConsoleRefusals.show(redirect, ex);
		}
		return PAGE;
	}

	/**
	 * Fires the schedule now and says what came of it: a release started (linked), a fire
	 * queued behind the schedule's previous release, or a skip and its reason.
	 */
	@PostMapping("/console/timers/schedules/{name}/trigger")
	String trigger(@PathVariable String name, Actor caller, RedirectAttributes redirect) {
		try {
			FireView fire = this.schedules.trigger(name, caller);
			redirect.addFlashAttribute("notice", notice(name, fire));
			if (fire.releaseId() != null) {
				redirect.addFlashAttribute("started", fire.releaseId());
			}
		}
		catch (ReleaseException ex) {
			ConsoleRefusals.show(redirect, ex);
		}
		return PAGE;
	}

	private static String notice(String name, FireView fire) {
		return switch (fire.outcome()) {
			case "STARTED" -> "Fired schedule " + name + " now: started release " + fire.releaseId() + " at version "
					+ fire.version() + ".";
			case "QUEUED" -> "Fired schedule " + name + " now: queued; " + fire.detail();
			default -> "Fired schedule " + name + " now: skipped; " + fire.detail();
		};
	}

}
