package io.flotilla.console;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.flotilla.control.Gate;
import io.flotilla.control.ReleaseState;
import io.flotilla.release.ReleaseStatus;
import io.flotilla.release.ReleaseViews.ReleaseDetail;
import io.flotilla.release.ReleaseViews.StageRules;
import io.flotilla.release.StageProgress;

/**
 * A release's stages as a person reads them: which are done, which one is running,
 * baking, waiting at a gate and for whom, paused and why, or over its budget and by how
 * much. Worked out from the release's state and its current stage alone, so the timeline
 * never disagrees with the status the CLI prints.
 */
final class ReleaseTimeline {

	private ReleaseTimeline() {
	}

	/**
	 * @param style the card's look: done, running, baking, waiting, breached, failed or
	 * pending
	 * @param until when a countdown ends (a bake), or null
	 */
	record Card(String stage, String style, String headline, String detail, String until) {

	}

	static List<Card> of(ReleaseDetail detail) {
		ReleaseStatus status = detail.status();
		Map<String, StageProgress> progress = status.stages()
			.stream()
			.collect(Collectors.toMap(StageProgress::name, Function.identity()));
		List<String> names = detail.stages().stream().map(StageRules::name).toList();
		int current = (detail.currentStage() != null) ? names.indexOf(detail.currentStage()) : -1;
		return detail.stages().stream().map((rules) -> {
			int position = names.indexOf(rules.name());
			StageProgress stage = progress.get(rules.name());
			if (status.state() == ReleaseState.COMPLETED || position < current) {
				return new Card(rules.name(), "done", "Done", counts(stage), null);
			}
			if (position > current) {
				return new Card(rules.name(), "pending", status.state().isTerminal() ? "Not run" : "Not started",
						counts(stage), null);
			}
			return currentCard(detail, rules, stage);
		}).toList();
	}

	private static Card currentCard(ReleaseDetail detail, StageRules rules, StageProgress stage) {
		ReleaseStatus status = detail.status();
		String reason = (status.reason() != null) ? status.reason() : "";
		return switch (status.state()) {
			case BAKING -> new Card(rules.name(), "baking", "Baking", "next stage in ",
					(stage.bakeUntil() != null) ? stage.bakeUntil().toString() : null);
			case AWAITING_APPROVAL ->
				new Card(rules.name(), "waiting", gate(detail.waitingFor()), mayPass(rules), null);
			case PAUSED -> new Card(rules.name(), "waiting", "Paused", reason, null);
			case PAUSING -> new Card(rules.name(), "running", "Pausing after the clusters in flight", reason, null);
			case BUDGET_EXCEEDED -> new Card(rules.name(), "breached", "Budget breached",
					(stage.failed() - rules.acceptedFailures()) + " failed over a budget of " + rules.allowedFailures(),
					null);
			case AWAITING_CLAIMS ->
				new Card(rules.name(), "waiting", "Waiting for clusters other releases hold", reason, null);
			case WAITING_FOR_WINDOW -> new Card(rules.name(), "waiting", "Waiting for its window", reason, null);
			case FAILED -> new Card(rules.name(), "failed", "Failed", reason, null);
			case CANCELLING, CANCELLED -> new Card(rules.name(), "failed", "Cancelled", reason, null);
			default -> new Card(rules.name(), "running", "Rolling out", wave(stage), null);
		};
	}

	private static String gate(Gate gate) {
		if (gate == Gate.FIRST_WAVE) {
			return "Waiting for a look at the first wave";
		}
		return "Waiting for approval";
	}

	private static String mayPass(StageRules rules) {
		if (rules.approvers().isEmpty()) {
			return "any operator may continue";
		}
		return "only members of " + String.join(", ", rules.approvers()) + " may continue";
	}

	private static String wave(StageProgress stage) {
		String flight = (stage.inFlight() > 0) ? ", " + stage.inFlight() + " in flight" : "";
		if (stage.currentWave() == null) {
			return counts(stage) + flight;
		}
		return "wave " + stage.currentWave() + " of " + stage.waves() + ": " + counts(stage) + flight;
	}

	private static String counts(StageProgress stage) {
		return stage.done() + " of " + stage.clusters() + " done"
				+ ((stage.failed() > 0) ? ", " + stage.failed() + " failed" : "");
	}

}
