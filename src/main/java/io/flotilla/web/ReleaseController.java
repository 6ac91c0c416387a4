package io.flotilla.web;

import java.util.List;

import io.flotilla.account.Actor;
import io.flotilla.control.Signal;
import io.flotilla.release.ClusterPage;
import io.flotilla.release.EventRecord;
import io.flotilla.release.ReleaseException;
import io.flotilla.release.ReleaseService;
import io.flotilla.release.ReleaseStatus;
import io.flotilla.release.ReleaseViews;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Releases over HTTP: start one from a plan's text, read its progress, events and
 * clusters a page at a time, steer it with signals. Who starts or signals is the
 * authenticated caller; the body fields {@code startedBy} and {@code by} that once
 * claimed it are ignored.
 */
@Tag(name = "Releases", description = "Start releases, follow their progress, steer them with signals")
@RestController
@RequestMapping("/api/releases")
class ReleaseController {

	private final ReleaseService releases;

	private final ReleaseViews views;

	ReleaseController(ReleaseService releases, ReleaseViews views) {
		this.releases = releases;
		this.views = views;
	}

	@Operation(summary = "Start a release of a plan, as the caller")
	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	ReleaseStatus start(Actor caller, @RequestBody StartRequest request) {
		if (request.planText() == null || request.planText().isBlank()) {
			throw new ReleaseException(ReleaseException.Reason.INVALID, "planText is required");
		}
		String planFile = (request.planFile() != null) ? request.planFile() : "plan.yaml";
		return this.releases.start(planFile, request.planText(), request.id(), caller, request.breakGlassReason());
	}

	/**
	 * The releases, newest first, as a plain list: the CLI and the bench read it so. With
	 * {@code page}, one page of them instead, what needs a human first, with how many
	 * there are in each state: what the console's releases page shows. One operation, so
	 * the OpenAPI document has one entry for the path.
	 * @param state release states, comma separated, or none for every state
	 * @param plan a plan's name, or none for every plan
	 * @param q with {@code page}: a part of the id, plan, version or starter
	 * @param page the page, from 0; absent for the plain list
	 * @param size with {@code page}: releases per page
	 */
	@Operation(operationId = "listReleases",
			summary = "List releases, newest first; with page, one page of them, those needing a human first, "
					+ "with the count per state")
	@ApiResponse(responseCode = "200",
			content = @Content(schema = @Schema(oneOf = { ReleaseStatus[].class, ReleaseViews.ReleaseList.class })))
	@GetMapping
	Object list(@RequestParam(required = false) String state, @RequestParam(required = false) String plan,
			@RequestParam(required = false) String q, @RequestParam(required = false) String page,
			@RequestParam(required = false) String size) {
		if (page != null) {
			return this.views.releases(ReleaseViews.ListQuery.parse(state, plan, q, page, size));
		}
		// the plain list reads only the filters, through the same parser as a page
		ReleaseViews.ListQuery filters = ReleaseViews.ListQuery.parse(state, plan, null, null, null);
		return this.releases.list(filters.states(), filters.plan());
	}

	/**
	 * The release with each stage's budget and approvers, each group's progress and its
	 * committed waves.
	 */
	@GetMapping("/{id}/detail")
	@Operation(summary = "A release with its stages' budgets and approvers, groups' progress and waves")
	ReleaseViews.ReleaseDetail detail(@PathVariable String id) {
		return this.views.detail(id);
	}

	/**
	 * One cluster as the release recorded it, and its resource read from Kubernetes now.
	 */
	@GetMapping("/{id}/clusters/{context}/{namespace}/{name}")
	@Operation(summary = "One cluster of a release, with its live resource read from Kubernetes")
	ReleaseViews.ClusterDetail cluster(@PathVariable String id, @PathVariable String context,
			@PathVariable String namespace, @PathVariable String name) {
		return this.views.cluster(id, context, namespace, name);
	}

	/**
	 * One page of a release's clusters. Every parameter is read as text and checked by
	 * {@link ClusterPage.Query#parse}, so a bad one is refused with words that name it
	 * rather than Spring's conversion message.
	 */
	@Operation(summary = "One page of a release's clusters")
	@GetMapping("/{id}/clusters")
	ClusterPage clusters(@PathVariable String id, @RequestParam(required = false) String state,
			@RequestParam(required = false) String stage, @RequestParam(required = false) String group,
			@RequestParam(required = false) String q, @RequestParam(required = false) String page,
			@RequestParam(required = false) String size, @RequestParam(required = false) String sort) {
		return this.releases.clusters(id, ClusterPage.Query.parse(state, stage, group, q, sort, page, size));
	}

	@Operation(summary = "A release and each stage's progress")
	@GetMapping("/{id}")
	ReleaseStatus status(@PathVariable String id) {
		return this.releases.status(id);
	}

	@Operation(summary = "A release's event log, oldest first")
	@GetMapping("/{id}/events")
	List<EventRecord> events(@PathVariable String id) {
		return this.releases.events(id);
	}

	/**
	 * Pause, resume, continue, reset or cancel, with the same meaning as from the CLI or
	 * Slack.
	 */
	@Operation(summary = "Send a signal: pause, resume, continue, reset or cancel")
	@PostMapping("/{id}/{signal}")
	ReleaseStatus signal(Actor caller, @PathVariable String id, @PathVariable String signal,
			@RequestBody(required = false) SignalRequest request) {
		Signal parsed;
		try {
			parsed = Signal.parse(signal);
		}
		catch (IllegalArgumentException ex) {
			throw new ReleaseException(ReleaseException.Reason.INVALID, ex.getMessage());
		}
		return this.releases.signal(id, parsed, caller, (request != null) ? request.reason() : null);
	}

	/**
	 * The emergency stop: pauses every release that a pause applies to.
	 */
	@Operation(summary = "Pause every release (emergency stop)")
	@PostMapping("/pause")
	List<ReleaseStatus> pauseAll(Actor caller, @RequestBody(required = false) SignalRequest request) {
		return this.releases.pauseAll(caller, (request != null) ? request.reason() : null);
	}

	/**
	 * @param planFile the plan's file name, for messages
	 * @param planText the plan's YAML
	 * @param id the release id, or null for one made of the plan name and the time
	 * @param breakGlassReason with a reason, an admin's start through any freeze; null
	 * for a release freezes hold
	 */
	record StartRequest(String planFile, String planText, String id, String breakGlassReason) {

	}

	/**
	 * @param reason why, for the audit log
	 */
	record SignalRequest(String reason) {

	}

}
