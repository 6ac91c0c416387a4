package io.flotilla.web;

import java.util.List;

import io.flotilla.account.Actor;
import io.flotilla.schedule.ScheduleService;
import io.flotilla.schedule.ScheduleService.FireView;
import io.flotilla.schedule.ScheduleService.ScheduleView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The schedules over HTTP: read them with their next and last fires, pause and resume
 * one, fire one now. The schedules themselves come from the server's schedules directory
 * only, so there is nothing to create or change here. Who pauses, resumes or fires is the
 * authenticated caller.
 */
@Tag(name = "Schedules", description = "Releases on a schedule: read, pause, resume, fire now")
@RestController
@RequestMapping("/api/schedules")
class ScheduleController {

	private final ScheduleService schedules;

	ScheduleController(ScheduleService schedules) {
		this.schedules = schedules;
	}

	@Operation(summary = "Every loaded schedule, by name, with its next fire and its last")
	@GetMapping
	List<ScheduleView> list() {
		return this.schedules.list();
	}

	@Operation(summary = "A schedule with its problems, next fire, last fire and denied versions")
	@GetMapping("/{name}")
	ScheduleView get(@PathVariable String name) {
		return this.schedules.get(name);
	}

	@Operation(summary = "Stop a schedule firing until it is resumed")
	@PostMapping("/{name}/pause")
	ScheduleView pause(Actor caller, @PathVariable String name, @RequestBody(required = false) ReasonRequest request) {
		return this.schedules.pause(name, caller, (request != null) ? request.reason() : null);
	}

	@Operation(summary = "Let a paused schedule fire again, from its next due time")
	@PostMapping("/{name}/resume")
	ScheduleView resume(Actor caller, @PathVariable String name, @RequestBody(required = false) ReasonRequest request) {
		return this.schedules.resume(name, caller, (request != null) ? request.reason() : null);
	}

	/**
	 * Fires the schedule now, by its rules but the cron expression. What came of it is
	 * the answer, a skip included: the request was carried out even when no release
	 * started.
	 */
	@Operation(summary = "Fire a schedule now: started, queued or skipped, and why")
	@PostMapping("/{name}/trigger")
	FireView trigger(Actor caller, @PathVariable String name) {
		return this.schedules.trigger(name, caller);
	}

	/**
	 * @param reason why, for the audit log
	 */
	record ReasonRequest(String reason) {

	}

}
