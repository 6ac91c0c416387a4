package io.flotilla.console.admin;

import java.util.List;

import io.flotilla.audit.AuditEntry;
import io.flotilla.audit.AuditLog;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The whole audit log, newest first, for an admin looking for who did what. The filters
 * are exact matches, which the log's indexes answer however large it grows; a text search
 * would read every row.
 */
@Controller
class AuditPage {

	private final AuditLog audit;

	AuditPage(AuditLog audit) {
		this.audit = audit;
	}

	@GetMapping("/console/admin/audit")
	String audit(@RequestParam(required = false) String subject, @RequestParam(required = false) String actor,
			@RequestParam(required = false) String kind, @RequestParam(required = false) Integer page, Model model) {
		int number = Page.number(page);
		AuditLog.Filter filter = filter(subject, actor, kind);
		List<AuditEntry> read = this.audit.newest(filter, (long) number * Page.SIZE, Page.SIZE + 1);
		model.addAttribute("entries", Page.of(read, number, Page.SIZE));
		model.addAttribute("subject", (subject != null) ? subject.strip() : "");
		model.addAttribute("actor", (actor != null) ? actor.strip() : "");
		model.addAttribute("kind", (kind != null) ? kind.strip() : "");
		return "console/admin/audit";
	}

	/**
	 * A subject is {@code type:id}, or an id alone for any type: a release id never holds
	 * a colon, and neither does a user's name or a token's number.
	 */
	private static AuditLog.Filter filter(String subject, String actor, String kind) {
		String type = null;
		String id = FormText.blankToNull(subject);
		if (id != null && id.contains(":")) {
			type = FormText.blankToNull(id.substring(0, id.indexOf(':')));
			id = FormText.blankToNull(id.substring(id.indexOf(':') + 1));
		}
		return new AuditLog.Filter(type, id, FormText.blankToNull(actor), FormText.blankToNull(kind));
	}

}
