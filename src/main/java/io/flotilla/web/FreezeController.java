package io.flotilla.web;

import java.util.List;
import java.util.Map;

import io.flotilla.account.Actor;
import io.flotilla.release.ReleaseException;
import io.flotilla.release.ReleaseFreezes;
import io.flotilla.release.ReleaseFreezes.FreezeView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Freezes over HTTP: what holds now or will, and an admin's freeze during an incident,
 * started and ended by hand. Who starts or ends one is the authenticated caller; planned
 * freezes come from the server's configuration and are only read here.
 */
@Tag(name = "Freezes", description = "Freeze the fleet or some plans, and end it: no release they cover starts a wave")
@RestController
@RequestMapping("/api/freezes")
class FreezeController {

	private final ReleaseFreezes freezes;

	FreezeController(ReleaseFreezes freezes) {
		this.freezes = freezes;
	}

	@Operation(summary = "The freezes that hold now or will, earliest first: started by hand and planned")
	@GetMapping
	List<FreezeView> list() {
		return this.freezes.list();
	}

	/**
	 * Freezes the whole fleet, or with a selector the plans whose selector carries every
	 * label given, until it is ended: running releases it covers stop after their current
	 * wave.
	 */
	@Operation(summary = "Start a freeze, as the caller (admin)")
	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	FreezeView start(Actor caller, @RequestBody(required = false) StartRequest request) {
		String reason = (request != null) ? request.reason() : null;
		Map<String, String> selector = (request != null && request.selector() != null) ? request.selector() : Map.of();
		// JSON may say null where the service takes text only
		selector.forEach((name, value) -> {
			if (value == null) {
				throw new ReleaseException(ReleaseException.Reason.INVALID,
						"a freeze's selector label '" + name + "' has no value: give each label a text value");
			}
		});
		return this.freezes.start(caller, reason, selector);
	}

	/**
	 * Ends every freeze started by hand; the releases they held are asked again at once.
	 */
	@Operation(summary = "End every freeze started by hand, as the caller (admin); the freezes ended")
	@PostMapping("/end")
	List<FreezeView> end(Actor caller, @RequestBody(required = false) EndRequest request) {
		return this.freezes.end(caller, (request != null) ? request.reason() : null);
	}

	/**
	 * @param reason why, such as the incident: required
	 * @param selector the plan labels it covers; none for the whole fleet
	 */
	record StartRequest(String reason, Map<String, String> selector) {

	}

	/**
	 * @param reason why it ends, for the audit log
	 */
	record EndRequest(String reason) {

	}

}
