package io.flotilla.plan.yaml;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import io.flotilla.calendar.CalendarException;
import io.flotilla.calendar.OpenHours;
import io.flotilla.calendar.Window;
import io.flotilla.plan.FailureBudget;
import io.flotilla.plan.check.Check;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * The settings a stage may take from the plan's {@code defaults}.
 */
record StageSettings(Setting<Integer> waveSize, Setting<Integer> firstWaveSize, Setting<Integer> parallelism,
		Setting<Duration> readyTimeout, Setting<FailureBudget> failureBudget, Setting<Duration> bake,
		Setting<Boolean> approval, Setting<Boolean> pauseAfterFirstWave, Setting<List<String>> approvers,
		Setting<OpenHours> windows, Setting<Duration> soak, Setting<List<Check>> checks, Setting<Boolean> production) {

	static final List<String> FIELDS = List.of("waveSize", "firstWaveSize", "parallelism", "readyTimeout",
			"failureBudget", "bake", "approval", "pauseAfterFirstWave", "approvers", "windows", "soak", "checks",
			"production");

	static final StageSettings NONE = new StageSettings(Setting.absent(), Setting.absent(), Setting.absent(),
			Setting.absent(), Setting.absent(), Setting.absent(), Setting.absent(), Setting.absent(), Setting.absent(),
			Setting.absent(), Setting.absent(), Setting.absent(), Setting.absent());

	// words rather than a boolean, so that a plan reads as what the release will do
	private static final List<String> APPROVALS = List.of("required", "none");

	static StageSettings read(PlanMapping mapping, Approvers approvers, CheckBinder checks) {
		return new StageSettings(Setting.read(mapping, "waveSize", (node) -> node.integer(1)),
				Setting.read(mapping, "firstWaveSize", (node) -> node.integer(0)),
				Setting.read(mapping, "parallelism", (node) -> node.integer(1)),
				Setting.read(mapping, "readyTimeout", StageSettings::readyTimeout),
				Setting.read(mapping, "failureBudget", StageSettings::failureBudget),
				Setting.read(mapping, "bake", PlanNode::duration),
				Setting.read(mapping, "approval", StageSettings::approval),
				Setting.read(mapping, "pauseAfterFirstWave", PlanNode::bool),
				Setting.read(mapping, "approvers", approvers::read),
				Setting.read(mapping, "windows", StageSettings::windows),
				Setting.read(mapping, "soak", PlanNode::duration), Setting.read(mapping, "checks", checks::checks),
				Setting.read(mapping, "production", PlanNode::bool));
	}

	StageSettings orElse(StageSettings defaults) {
		return new StageSettings(this.waveSize.orElse(defaults.waveSize),
				this.firstWaveSize.orElse(defaults.firstWaveSize), this.parallelism.orElse(defaults.parallelism),
				this.readyTimeout.orElse(defaults.readyTimeout), this.failureBudget.orElse(defaults.failureBudget),
				this.bake.orElse(defaults.bake), this.approval.orElse(defaults.approval),
				this.pauseAfterFirstWave.orElse(defaults.pauseAfterFirstWave),
				this.approvers.orElse(defaults.approvers), this.windows.orElse(defaults.windows),
				this.soak.orElse(defaults.soak), this.checks.orElse(defaults.checks),
				this.production.orElse(defaults.production));
	}

	/**
	 * Whether any setting was written with an invalid value, which has been reported.
	 */
	boolean anyInvalid() {
		return Stream
			.of(this.waveSize, this.firstWaveSize, this.parallelism, this.readyTimeout, this.failureBudget, this.bake,
					this.approval, this.pauseAfterFirstWave, this.approvers, this.windows, this.soak, this.checks,
					this.production)
			.anyMatch(Setting::isInvalid);
	}

	/**
	 * An {@code approval} of a stage or of the whole plan: true when it is required.
	 */
	static Optional<Boolean> approval(PlanNode node) {
		return node.scalar().flatMap((text) -> {
			if (APPROVALS.contains(text)) {
				return Optional.of(text.equals("required"));
			}
			node.error("must be 'required' or 'none', not '" + text + "'"
					+ Suggestions.closest(text, APPROVALS).map((name) -> "; did you mean '" + name + "'?").orElse(""));
			return Optional.empty();
		});
	}

	/**
	 * The {@code windows} of a stage or of the whole plan, each item reported at its own
	 * place with what {@link Window#parse(String)} says of it; an empty list is always
	 * open.
	 */
	static Optional<OpenHours> windows(PlanNode node) {
		if (!(node.node() instanceof SequenceNode)) {
			// one window written without a list is the likeliest slip: show it fixed
			String example = (node.node() instanceof ScalarNode scalar && !scalar.getValue().isBlank())
					? scalar.getValue() : "Mon-Thu 09:00-16:00 Europe/Berlin";
			node.error("must be a list of windows, such as ['" + example + "'], not " + node.kind());
			return Optional.empty();
		}
		return node.items().flatMap((items) -> {
			List<Window> windows = new ArrayList<>();
			for (PlanNode item : items) {
				item.text().flatMap((text) -> window(item, text)).ifPresent(windows::add);
			}
			return (windows.size() == items.size()) ? Optional.of(new OpenHours(windows)) : Optional.empty();
		});
	}

	private static Optional<Window> window(PlanNode item, String text) {
		try {
			return Optional.of(Window.parse(text));
		}
		catch (CalendarException ex) {
			item.error(ex.getMessage());
			return Optional.empty();
		}
	}

	private static Optional<Duration> readyTimeout(PlanNode node) {
		return node.duration().filter((timeout) -> {
			if (timeout.isZero()) {
				node.error("must be longer than zero");
			}
			return !timeout.isZero();
		});
	}

	private static Optional<FailureBudget> failureBudget(PlanNode node) {
		return node.scalar().flatMap((text) -> {
			boolean percent = text.endsWith("%");
			String number = percent ? text.substring(0, text.length() - 1).strip() : text;
			if (!number.matches("\\d{1,9}") || (percent && Integer.parseInt(number) > 100)) {
				node.error("must be a number of clusters (0 or more) or a percentage from 0% to 100%, such as 5%, not '"
						+ text + "'");
				return Optional.empty();
			}
			int value = Integer.parseInt(number);
			return Optional.of(percent ? FailureBudget.ofPercent(value) : FailureBudget.ofCount(value));
		});
	}

}
