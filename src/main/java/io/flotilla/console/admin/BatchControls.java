package io.flotilla.console.admin;

import io.flotilla.account.Actor;
import io.flotilla.console.ConsoleRefusals;
import io.flotilla.release.ReleaseException;
import io.flotilla.release.ReleaseException.Reason;
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
		BatchAction sent = BatchAction.named(action)
			.orElseThrow(() -> new ReleaseException(Reason.NOT_FOUND,
					"unknown action '" + action + "': use stop, restart or abandon"));
		ReleaseJobs.Execution execution = this.jobs.execution(id).orElseThrow(() -> BatchPages.noExecution(id));
		try {
			this.releases.signal(execution.releaseId(), sent.signal(), caller, FormText.blankToNull(reason));
		}
		catch (ReleaseException ex) {
			ConsoleRefusals.show(redirect, ex);
		}
		return "redirect:/console/batch/executions/" + id;
	}

}
