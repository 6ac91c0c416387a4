package io.flotilla.console.admin;

import java.util.Optional;

import io.flotilla.account.Actor;
import io.flotilla.release.ReleaseException;
import io.flotilla.release.ReleaseService;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The batch page's buttons for admins. Each is sent as the release's own signal, so a
 * click is refused, applied and audited exactly like the same signal from the CLI.
 */
@Controller
class BatchControls {

	private final ReleaseJobs jobs;

	private final ReleaseService releases;

	BatchControls(ReleaseJobs jobs, ReleaseService releases) {
		this.jobs = jobs;
		this.releases = releases;
	}

	@PostMapping("/console/admin/batch/executions/{id}/{action}")
	String act(@PathVariable long id, @PathVariable String action, @RequestParam(required = false) String reason,
			Actor caller, RedirectAttributes redirect, Model model, HttpServletResponse response) {
		Optional<BatchAction> sent = BatchAction.named(action);
		if (sent.isEmpty()) {
			return Refusals.notFound(model, response, "unknown action '" + action + "': use stop, restart or abandon");
		}
		Optional<ReleaseJobs.Execution> execution = this.jobs.execution(id);
		if (execution.isEmpty()) {
			return Refusals.notFound(model, response, "no job execution " + id + " of a release");
		}
		try {
			this.releases.signal(execution.get().releaseId(), sent.get().signal(), caller,
					FormText.blankToNull(reason));
		}
		catch (ReleaseException ex) {
			Refusals.show(redirect, ex);
		}
		return "redirect:/console/batch/executions/" + id;
	}

}
