package io.flotilla.console;

import io.flotilla.release.ReleaseService;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The releases: what needs a human first, then what runs, bakes and is done.
 */
@Controller
class ReleasesPage {

	private final ReleaseService releases;

	ReleasesPage(ReleaseService releases) {
		this.releases = releases;
	}

	@GetMapping("/console/releases")
	String releases(Model model) {
		model.addAttribute("releases", this.releases.list());
		return "console/releases";
	}

}
