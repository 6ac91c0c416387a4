package io.flotilla.console;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import io.flotilla.control.ReleaseState;
import io.flotilla.release.ReleaseFreezes;
import io.flotilla.release.ReleaseFreezes.FreezeView;
import io.flotilla.release.ReleaseViews;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The releases: the freezes that hold now above everything, state counts on top, what
 * needs a human first, then what works, waits for a timer and is done; filtered and paged
 * in the database.
 */
@Controller
class ReleasesPage {

	private final ReleaseViews views;

	private final ConsoleUpdates updates;

	private final ReleaseFreezes freezes;

	private final Clock clock;

	ReleasesPage(ReleaseViews views, ConsoleUpdates updates, ReleaseFreezes freezes, Clock clock) {
		this.views = views;
		this.updates = updates;
		this.freezes = freezes;
		this.clock = clock;
	}

	@GetMapping("/console/releases")
	String releases(@RequestParam(required = false) String state, @RequestParam(required = false) String plan,
			@RequestParam(required = false) String q, @RequestParam(required = false) String page,
			@RequestParam(required = false) String size, Model model) {
		list(state, plan, q, page, size, model);
		model.addAttribute("freezes", holding(this.freezes.list(), this.clock.instant()));
		return "console/releases";
	}

	/**
	 * The freezes that hold at that instant: a planned one that has not begun is left
	 * out.
	 */
	static List<FreezeView> holding(List<FreezeView> freezes, Instant now) {
		return freezes.stream()
			.filter((freeze) -> !freeze.from().isAfter(now) && (freeze.until() == null || freeze.until().isAfter(now)))
			.toList();
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
