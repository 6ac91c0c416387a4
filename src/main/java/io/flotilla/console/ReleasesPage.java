package io.flotilla.console;

import java.util.List;

import io.flotilla.control.ReleaseState;
import io.flotilla.release.ReleaseViews;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The releases: state counts on top, what needs a human first, then what works, waits for
 * a timer and is done; filtered and paged in the database.
 */
@Controller
class ReleasesPage {

	private final ReleaseViews views;

	private final ConsoleUpdates updates;

	ReleasesPage(ReleaseViews views, ConsoleUpdates updates) {
		this.views = views;
		this.updates = updates;
	}

	@GetMapping("/console/releases")
	String releases(@RequestParam(required = false) String state, @RequestParam(required = false) String plan,
			@RequestParam(required = false) String q, @RequestParam(required = false) String page,
			@RequestParam(required = false) String size, Model model) {
		list(state, plan, q, page, size, model);
		return "console/releases";
	}

	/**
	 * The part of the page that an update redraws, for the same filters.
	 */
	@GetMapping("/console/releases/list")
	String list(@RequestParam(required = false) String state, @RequestParam(required = false) String plan,
			@RequestParam(required = false) String q, @RequestParam(required = false) String page,
			@RequestParam(required = false) String size, Model model) {
		ReleaseViews.ListQuery query = ReleaseViews.ListQuery.parse(state, plan, q, page, size);
		model.addAttribute("query", query);
		model.addAttribute("stateFilter", (state != null) ? state : "");
		model.addAttribute("list", this.views.releases(query));
		model.addAttribute("states", List.of(ReleaseState.values()));
		return "console/releases :: list";
	}

	@GetMapping(path = "/console/releases/stream", produces = "text/event-stream")
	SseEmitter stream() {
		return this.updates.subscribe(ConsoleUpdates.EVERY_RELEASE);
	}

}
