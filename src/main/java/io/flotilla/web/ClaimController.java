package io.flotilla.web;

import java.util.List;

import io.flotilla.release.Claim;
import io.flotilla.release.ReleaseService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The clusters active releases hold, so that an engineer sees who is working on what
 * before starting another release.
 */
@Tag(name = "Claims", description = "Which clusters active releases hold")
@RestController
@RequestMapping("/api/claims")
class ClaimController {

	private final ReleaseService releases;

	ClaimController(ReleaseService releases) {
		this.releases = releases;
	}

	/**
	 * @param release only this release's claims; every claim when absent
	 */
	@Operation(summary = "The clusters active releases hold")
	@GetMapping
	List<Claim> claims(@RequestParam(required = false) String release) {
		return this.releases.claims(release);
	}

}
