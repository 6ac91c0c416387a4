package io.flotilla.console.admin;

import io.flotilla.account.Actor;
import io.flotilla.release.ReleaseException;
import io.flotilla.release.ReleaseService;

import org.springframework.stereotype.Controller;
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
			Actor caller, RedirectAttributes redirect) {
		ReleaseJobs.Execution execution = this.jobs.execution(id);
		BatchAction sent = parse(action);
		try {
			this.releases.signal(execution.releaseId(), sent.signal(), caller, FormText.blankToNull(reason));
		}
		catch (ReleaseException ex) {
			Refusals.show(redirect, ex);
		}
		return "redirect:/console/batch/executions/" + id;
	}

	private static BatchAction parse(String action) {
		try {
			return BatchAction.parse(action);
		}
		catch (IllegalArgumentException ex) {
			throw new ReleaseException(ReleaseException.Reason.NOT_FOUND, ex.getMessage());
		}
	}

}
