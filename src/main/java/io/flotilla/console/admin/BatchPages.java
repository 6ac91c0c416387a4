package io.flotilla.console.admin;

import io.flotilla.release.ReleaseException;
import io.flotilla.release.ReleaseService;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * What Spring Batch Admin showed, for the one job Flotilla runs: which attempt of a
 * release did what, with the counts and execution contexts a restart starts from. Useful
 * when a release's own status does not explain why it stopped.
 */
@Controller
class BatchPages {

	private final ReleaseJobs jobs;

	private final ReleaseService releases;

	BatchPages(ReleaseJobs jobs, ReleaseService releases) {
		this.jobs = jobs;
		this.releases = releases;
	}

	@GetMapping("/console/batch")
	String instances(@RequestParam(required = false) Integer page, Model model) {
		model.addAttribute("instances", this.jobs.instances(Page.number(page), Page.SIZE));
		return "console/admin/batch";
	}

	@GetMapping("/console/batch/executions/{id}")
	String execution(@PathVariable long id, Model model) {
		ReleaseJobs.Execution execution = this.jobs.execution(id).orElseThrow(() -> noExecution(id));
		model.addAttribute("execution", execution);
		model.addAttribute("release", this.releases.status(execution.releaseId()));
		model.addAttribute("actions", BatchAction.values());
		return "console/admin/batch-execution";
	}

	/**
	 * Shown as the console's 404 page, which knows its viewer.
	 */
	static ReleaseException noExecution(long id) {
		return new ReleaseException(ReleaseException.Reason.NOT_FOUND, "no job execution " + id + " of a release");
	}

}
