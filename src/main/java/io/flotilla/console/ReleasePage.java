package io.flotilla.console;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.flotilla.account.Actor;
import io.flotilla.control.Signal;
import io.flotilla.control.SignalRules;
import io.flotilla.release.EventRecord;
import io.flotilla.release.ReleaseException;
import io.flotilla.release.ReleaseService;
import io.flotilla.release.ReleaseViews;
import io.flotilla.release.ReleaseViews.ReleaseDetail;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriUtils;

/**
 * One release: its stage timeline, each group's progress, its budget, waves, chart and
 * event log, redrawn live; and the signal buttons its viewer may use in its state.
 */
@Controller
class ReleasePage {

	private static final int EVENTS_SHOWN = 200;

	private final ReleaseService releases;

	private final ReleaseViews views;

	private final ConsoleUpdates updates;

	private final Clock clock;

	ReleasePage(ReleaseService releases, ReleaseViews views, ConsoleUpdates updates, Clock clock) {
		this.releases = releases;
		this.views = views;
		this.updates = updates;
		this.clock = clock;
	}

	@GetMapping("/console/releases/{id}")
	String release(@PathVariable String id, Model model) {
		live(id, model);
		model.addAttribute("events", newestFirst(this.releases.events(id)));
		return "console/release";
	}

	/**
	 * The part of the page that an update redraws.
	 */
	@GetMapping("/console/releases/{id}/live")
	String live(@PathVariable String id, Model model) {
		ReleaseDetail detail = this.views.detail(id);
		Instant end = detail.status().state().isTerminal() ? detail.status().updatedAt() : this.clock.instant();
		model.addAttribute("release", detail.status());
		model.addAttribute("detail", detail);
		model.addAttribute("timeline", ReleaseTimeline.of(detail));
		model.addAttribute("chart", ProgressChart.svg(detail.waves(), detail.status().createdAt(), end));
		model.addAttribute("signals", SignalRules.allowed(detail.status().state()));
		return "console/release :: live";
	}

	@GetMapping("/console/releases/{id}/events")
	String events(@PathVariable String id, Model model) {
		model.addAttribute("events", newestFirst(this.releases.events(id)));
		return "console/release :: events";
	}

	@GetMapping(path = "/console/releases/{id}/stream", produces = "text/event-stream")
	SseEmitter stream(@PathVariable String id) {
		this.releases.status(id);
		return this.updates.subscribe(id);
	}

	/**
	 * A button's signal, sent as the viewer, with the reason typed beside the buttons. A
	 * refusal (the state moved on, an approver group) is shown on the page.
	 */
	@PostMapping("/console/releases/{id}/signal")
	String signal(Actor caller, @PathVariable String id, @RequestParam String signal,
			@RequestParam(required = false) String reason, RedirectAttributes redirect) {
		try {
			this.releases.signal(id, Signal.parse(signal), caller,
					(reason != null && !reason.isBlank()) ? reason : null);
		}
		catch (ReleaseException | IllegalArgumentException ex) {
			ConsoleRefusals.show(redirect, ex);
		}
		return "redirect:/console/releases/" + UriUtils.encodePathSegment(id, "UTF-8");
	}

	/**
	 * The latest events first, as many as a page shows; the CLI and the API give them
	 * all.
	 */
	private static List<EventRecord> newestFirst(List<EventRecord> events) {
		List<EventRecord> newest = new ArrayList<>(
				events.subList(Math.max(0, events.size() - EVENTS_SHOWN), events.size()));
		Collections.reverse(newest);
		return newest;
	}

}
