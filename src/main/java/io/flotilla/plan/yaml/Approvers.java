package io.flotilla.plan.yaml;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads an {@code approvers} list of the plan, its {@code defaults} or a stage: the
 * groups whose members may pass a gate. Told which groups exist, it also reports the
 * groups that do not, since a gate only a missing group may pass could never be passed.
 */
final class Approvers {

	private static final int MAX_NAME_LENGTH = 100;

	/**
	 * Known groups listed in one message, so that hundreds from single sign-on stay
	 * readable.
	 */
	private static final int LISTED_GROUPS = 20;

	private static final String NO_GROUPS = "no groups exist: assign groups to users with `flotilla user create"
			+ " --group` or list single sign-on groups in flotilla.security.groups";

	private final Set<String> known;

	private Approvers(Set<String> known) {
		this.known = known;
	}

	/**
	 * Checks only the form of group names, not whether the groups exist.
	 */
	static Approvers unchecked() {
		return new Approvers(null);
	}

	static Approvers checking(Set<String> known) {
		return new Approvers(new TreeSet<>(known));
	}

	/**
	 * The groups named, in the order written; an empty list lets anyone with the operator
	 * role pass.
	 */
	Optional<List<String>> read(PlanNode node) {
		if (!(node.node() instanceof SequenceNode)) {
			// one group written without brackets is the likeliest slip: show it fixed
			String example = (node.node() instanceof ScalarNode scalar && isName(scalar.getValue())) ? scalar.getValue()
					: "sre-leads";
			node.error("must be a list of group names, such as [" + example + "], not " + node.kind());
			return Optional.empty();
		}
		return node.items().flatMap((items) -> {
			Set<String> seen = new HashSet<>();
			List<String> groups = new ArrayList<>();
			for (PlanNode item : items) {
				group(item, seen).ifPresent(groups::add);
			}
			return (groups.size() == items.size()) ? Optional.of(groups) : Optional.empty();
		});
	}

	private Optional<String> group(PlanNode item, Set<String> seen) {
		if (item.isNull()) {
			item.error("must not be empty");
			return Optional.empty();
		}
		return item.text()
			.filter((name) -> isWellFormed(item, name) && isFirst(item, name, seen) && exists(item, name));
	}

	private static boolean isWellFormed(PlanNode item, String name) {
		if (hasWhitespace(name)) {
			item.error("group name must not contain whitespace, not '" + name + "'");
			return false;
		}
		int length = name.codePointCount(0, name.length());
		if (length > MAX_NAME_LENGTH) {
			item.error("group name must be at most " + MAX_NAME_LENGTH + " characters, not " + length);
			return false;
		}
		return true;
	}

	private static boolean isFirst(PlanNode item, String name, Set<String> seen) {
		if (!seen.add(name)) {
			item.error("duplicate approver group '" + name + "'; name each group once");
			return false;
		}
		return true;
	}

	private boolean exists(PlanNode item, String name) {
		if (this.known == null || this.known.contains(name)) {
			return true;
		}
		String unknown = "unknown approver group '" + name + "'";
		if (this.known.isEmpty()) {
			item.error(unknown + "; " + NO_GROUPS);
			return false;
		}
		item.error(unknown + " (known groups: " + listed() + ")"
				+ Suggestions.closest(name, this.known).map((group) -> "; did you mean '" + group + "'?").orElse(""));
		return false;
	}

	private String listed() {
		List<String> first = this.known.stream().limit(LISTED_GROUPS).toList();
		int more = this.known.size() - first.size();
		return String.join(", ", first) + ((more > 0) ? " and " + more + " more" : "");
	}

	private static boolean isName(String text) {
		return !text.isBlank() && !hasWhitespace(text);
	}

	private static boolean hasWhitespace(String text) {
		return text.codePoints().anyMatch((c) -> Character.isWhitespace(c) || Character.isSpaceChar(c));
	}

}
