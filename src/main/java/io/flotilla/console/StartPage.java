package io.flotilla.console;

import java.util.Optional;

import io.flotilla.account.Actor;
import io.flotilla.release.ReleaseException;
import io.flotilla.release.ReleaseService;
import io.flotilla.release.ReleaseStatus;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Starting a release from the console: a plan from the server's plans folder or pasted,
 * its dry run, then a start confirmed by the operator who read it. The dry run is the
 * service's own preview, the one {@code plan show} prints, and the start sends the very
 * text that was previewed, so what was read is what runs.
 */
@Controller
class StartPage {

	private static final String VIEW = "console/start";

	private static final String PASTED = "pasted.yaml";

	private final ReleaseService releases;

	private final PlanDirectory plans;

	StartPage(ReleaseService releases, PlanDirectory plans) {
		this.releases = releases;
		this.plans = plans;
	}

	@GetMapping("/console/releases/new")
	String form(Model model) {
		return form(model, new Form("", "", ""));
	}

	/**
	 * The dry run of the pasted text, or of the chosen file when nothing is pasted.
	 */
	@PostMapping("/console/releases/new/preview")
	String preview(@RequestParam(defaultValue = "") String planFile, @RequestParam(defaultValue = "") String planText,
			@RequestParam(defaultValue = "") String id, Model model, HttpServletResponse response) {
		Form form = new Form(planFile, planText, id);
		if (planText.isBlank()) {
			if (planFile.isBlank()) {
				return refused(model, response, form, 400, "choose a plan or paste one");
			}
			Optional<String> text = this.plans.read(planFile);
			if (text.isEmpty()) {
				return refused(model, response, new Form("", "", id), 400,
						"no plan file '" + planFile + "' in " + this.plans.directory());
			}
			form = new Form(planFile, text.get(), id);
		}
		try {
			model.addAttribute("preview", this.releases.preview(form.fileName(), form.planText()));
		}
		catch (ReleaseException ex) {
			return refused(model, response, form, ex);
		}
		return form(model, form);
	}

	/**
	 * Starts the previewed text as the caller, and shows the release.
	 */
	@PostMapping("/console/releases")
	String start(Actor caller, @RequestParam(defaultValue = "") String planFile, @RequestParam String planText,
			@RequestParam(defaultValue = "") String id, Model model, HttpServletResponse response,
			RedirectAttributes redirect) {
		Form form = new Form(planFile, planText, id);
		ReleaseStatus started;
		try {
			started = this.releases.start(form.fileName(), planText, id.isBlank() ? null : id.strip(), caller);
		}
		catch (ReleaseException ex) {
			return refused(model, response, form, ex);
		}
		redirect.addAttribute("id", started.id());
		return "redirect:/console/releases/{id}";
	}

	private String form(Model model, Form form) {
		model.addAttribute("form", form);
		model.addAttribute("plans", this.plans.files());
		model.addAttribute("plansDirectory", this.plans.directory().toString());
		model.addAttribute("plansFound", this.plans.exists());
		return VIEW;
	}

	/**
	 * The page again with what was sent and the service's words; an invalid plan's
	 * problems are listed and marked on its lines.
	 */
	private String refused(Model model, HttpServletResponse response, Form form, ReleaseException ex) {
		if (!ex.planErrors().isEmpty()) {
			model.addAttribute("problems", ex.planErrors().stream().map(MarkedPlan::problem).toList());
			model.addAttribute("marked", MarkedPlan.of(form.planText(), ex.planErrors()));
		}
		return refused(model, response, form, ConsoleRefusals.status(ex),
				ex.planErrors().isEmpty() ? ex.getMessage() : "the plan is invalid");
	}

	private String refused(Model model, HttpServletResponse response, Form form, int status, String message) {
		response.setStatus(status);
		model.addAttribute(ConsoleRefusals.FLASH, message);
		return form(model, form);
	}

	/**
	 * What the form holds, sent back with every answer so nothing typed is lost.
	 *
	 * @param planFile the chosen file, or empty for pasted text
	 * @param planText the plan's text
	 * @param id the release id asked for, or empty for one made from the plan name
	 */
	record Form(String planFile, String planText, String id) {

		/**
		 * The name the service's messages give the plan.
		 */
		String fileName() {
			return this.planFile.isBlank() ? PASTED : this.planFile;
		}

	}

}
