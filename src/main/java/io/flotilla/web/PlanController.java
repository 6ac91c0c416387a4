package io.flotilla.web;

import io.flotilla.release.PlanPreview;
import io.flotilla.release.ReleaseException;
import io.flotilla.release.ReleaseService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Plans checked against the live fleet before anyone starts them: the server's side of
 * {@code flotilla plan show}, for the console and for tools that have no kubeconfig.
 */
@Tag(name = "Plans", description = "Check a plan against the live fleet before starting it")
@RestController
@RequestMapping("/api/plans")
class PlanController {

	private final ReleaseService releases;

	PlanController(ReleaseService releases) {
		this.releases = releases;
	}

	/**
	 * The dry run of a plan: stages, waves, live counts and versions, the clusters other
	 * releases hold and the least time it takes. It changes nothing.
	 */
	@Operation(summary = "Dry-run a plan against the live fleet")
	@PostMapping("/preview")
	PlanPreview preview(@RequestBody PreviewRequest request) {
		if (request.planText() == null || request.planText().isBlank()) {
			throw new ReleaseException(ReleaseException.Reason.INVALID, "planText is required");
		}
		String planFile = (request.planFile() != null) ? request.planFile() : "plan.yaml";
		return this.releases.preview(planFile, request.planText());
	}

	/**
	 * @param planFile the plan's file name, for messages
	 * @param planText the plan's YAML
	 */
	record PreviewRequest(String planFile, String planText) {

	}

}
