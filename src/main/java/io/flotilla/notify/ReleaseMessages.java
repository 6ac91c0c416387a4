package io.flotilla.notify;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.flotilla.control.ReleaseState;
import io.flotilla.control.Signal;
import io.flotilla.release.ClusterFailure;
import io.flotilla.release.ReleaseEvent;
import io.flotilla.release.ReleaseEvent.BakeStarted;
import io.flotilla.release.ReleaseEvent.BreakGlassStarted;
import io.flotilla.release.ReleaseEvent.BudgetBreached;
import io.flotilla.release.ReleaseEvent.CheckFailed;
import io.flotilla.release.ReleaseEvent.ClusterDowngraded;
import io.flotilla.release.ReleaseEvent.ClusterFailed;
import io.flotilla.release.ReleaseEvent.ClustersHeld;
import io.flotilla.release.ReleaseEvent.GateWaiting;
import io.flotilla.release.ReleaseEvent.ReleaseEnded;
import io.flotilla.release.ReleaseEvent.ReleasePaused;
import io.flotilla.release.ReleaseEvent.ReleaseRecovered;
import io.flotilla.release.ReleaseEvent.ReleaseStarted;
import io.flotilla.release.ReleaseEvent.RestartScheduled;
import io.flotilla.release.ReleaseEvent.RestartsExhausted;
import io.flotilla.release.ReleaseEvent.SignalApplied;
import io.flotilla.release.ReleaseEvent.StageStarted;
import io.flotilla.release.ReleaseEvent.WaveDone;
import io.flotilla.release.ReleaseEvent.WindowWaiting;
import io.flotilla.release.ReleaseStatus;
import io.flotilla.release.StageProgress;

import static io.flotilla.notify.SlackMessage.escape;

/**
 * What Slack shows for each release event: the event's own words as the plain text, and a
 * layout that puts the numbers and names where the eye looks first.
 */
final class ReleaseMessages {

	/** Failed clusters a budget breach lists; the rest are in {@code release status}. */
	private static final int LISTED_FAILURES = 10;

	private static final Signal[] DECISIONS = { Signal.CONTINUE, Signal.PAUSE, Signal.RESET, Signal.CANCEL };

	/**
	 * What a paused or failed release may do next, offered where it is announced, so a
	 * release paused from Slack can be resumed from Slack.
	 */
	private static final Signal[] RESUMABLE = { Signal.RESUME, Signal.CANCEL };

	/** What a person may answer a check's pause with: accept, judge again, or give up. */
	private static final Signal[] CHECK_DECISIONS = { Signal.CONTINUE, Signal.RESET, Signal.CANCEL };

	private static final Set<ReleaseState> RESUMABLE_STATES = Set.of(ReleaseState.PAUSED, ReleaseState.FAILED);

	private ReleaseMessages() {
	}

	/**
	 * The message a release's thread hangs under.
	 */
	static SlackMessage root(ReleaseStarted started) {
		return root(started.describe(), started.releaseId(), started.plan(), started.planFile(),
				started.targetVersion(), started.stages(), started.clusters(), started.startedBy());
	}

	/**
	 * The message a release's thread hangs under when its start was never announced, as
	 * when Slack was down then: made from what the release is now.
	 */
	static SlackMessage root(ReleaseStatus release) {
		List<String> stages = release.stages().stream().map(StageProgress::name).toList();
		int clusters = release.stages().stream().mapToInt(StageProgress::clusters).sum();
		String text = "release %s of plan %s (%s) to %s started by %s: %d clusters in stages %s".formatted(release.id(),
				release.plan(), release.planFile(), release.targetVersion(), release.startedBy(), clusters,
				String.join(" → ", stages));
		return root(text, release.id(), release.plan(), release.planFile(), release.targetVersion(), stages, clusters,
				release.startedBy());
	}

	private static SlackMessage root(String text, String id, String plan, String planFile, String version,
			List<String> stages, int clusters, String startedBy) {
		return SlackMessage.of(text,
				"🚀 *Release `%s`*: plan *%s* (`%s`) to *%s*\n%d clusters in stages %s\nstarted by %s".formatted(
						escape(id), escape(plan), escape(planFile), escape(version), clusters,
						stages.stream().map((stage) -> "*" + escape(stage) + "*").collect(Collectors.joining(" → ")),
						escape(startedBy)));
	}

	/**
	 * A message in the release's thread.
	 */
	static SlackMessage threaded(ReleaseEvent event) {
		String text = event.describe();
		if (event instanceof StageStarted stage) {
			return SlackMessage
				.of(text, "▶️ stage *%s* started: %d clusters".formatted(escape(stage.stage()), stage.clusters()))
				.withButtons(stage.releaseId(), Signal.PAUSE, Signal.CANCEL);
		}
		if (event instanceof WaveDone wave) {
			return SlackMessage.of(text,
					"🌊 stage *%s* group *%s* wave %d done: %d upgraded, %d already current, %s%d failed".formatted(
							escape(wave.stage()), escape(wave.group()), wave.wave(), wave.upgraded(),
							wave.alreadyCurrent(),
							(wave.skippedNewer() > 0) ? wave.skippedNewer() + " newer left alone, " : "",
							wave.failed()));
		}
		if (event instanceof ClusterDowngraded downgraded) {
			return SlackMessage.of(text,
					"⚠️ cluster `%s` *downgraded* in stage *%s* from %s to %s, as the plan allows".formatted(
							escape(downgraded.cluster()), escape(downgraded.stage()), escape(downgraded.from()),
							escape(downgraded.to())));
		}
		if (event instanceof ReleaseRecovered recovered) {
			SlackMessage message = SlackMessage.of(text, (recovered.loop() ? "⚠️ " : "♻️ ") + escape(text));
			return recovered.loop() ? message.broadcastInChannel() : message;
		}
		if (event instanceof ClustersHeld) {
			return SlackMessage.of(text, "🔒 " + escape(text));
		}
		if (event instanceof ClusterFailed failed) {
			return SlackMessage.of(text, "❌ cluster `%s` failed in stage *%s*: %s".formatted(escape(failed.cluster()),
					escape(failed.stage()), escape(failed.reason())));
		}
		if (event instanceof CheckFailed check) {
			SlackMessage message = SlackMessage.of(text,
					"🩺 check *%s* failed on `%s` in stage *%s*: %s\n%s".formatted(escape(check.check()),
							escape(check.cluster()), escape(check.stage()), escape(check.description()),
							escape(check.outcome())));
			return check.pauses() ? message.withButtons(check.releaseId(), CHECK_DECISIONS).broadcastInChannel()
					: message;
		}
		if (event instanceof GateWaiting gate) {
			return SlackMessage.of(text, "✋ " + escape(text))
				.withButtons(gate.releaseId(), DECISIONS)
				.broadcastInChannel();
		}
		if (event instanceof BudgetBreached breach) {
			return SlackMessage.of(text, "🛑 " + escape(text) + failures(breach.failures()))
				.withButtons(breach.releaseId(), DECISIONS)
				.broadcastInChannel();
		}
		if (event instanceof BakeStarted bake) {
			return SlackMessage.of(text,
					"⏳ stage *%s* baking until %s".formatted(escape(bake.stage()), date(bake.until())));
		}
		if (event instanceof WindowWaiting waiting) {
			String until = (waiting.until() != null) ? "\ngoes on by itself at " + date(waiting.until())
					: "\ngoes on when the freeze is ended";
			return SlackMessage.of(text,
					"🕘 stage *%s* waits: %s%s".formatted(escape(waiting.stage()), escape(waiting.why()), until));
		}
		if (event instanceof BreakGlassStarted breakGlass) {
			return SlackMessage
				.of(text,
						"🚨 *BREAK GLASS*: %s started release `%s` through any freeze: %s".formatted(
								escape(breakGlass.by()), escape(breakGlass.releaseId()), escape(breakGlass.reason())))
				.broadcastInChannel();
		}
		if (event instanceof RestartScheduled) {
			return SlackMessage.of(text, "♻️ " + escape(text));
		}
		if (event instanceof RestartsExhausted exhausted) {
			return SlackMessage.of(text, "⚠️ " + escape(text))
				.withButtons(exhausted.releaseId(), RESUMABLE)
				.broadcastInChannel();
		}
		if (event instanceof SignalApplied signal) {
			SlackMessage message = SlackMessage.of(text, icon(signal.signal()) + " " + escape(text));
			return (signal.after() == ReleaseState.PAUSED) ? message.withButtons(signal.releaseId(), RESUMABLE)
					: message;
		}
		if (event instanceof ReleasePaused paused) {
			return SlackMessage.of(text, "⏸ " + escape(text)).withButtons(paused.releaseId(), RESUMABLE);
		}
		if (event instanceof ReleaseEnded ended) {
			SlackMessage message = SlackMessage.of(text, ended(ended)).broadcastInChannel();
			return RESUMABLE_STATES.contains(ended.state()) ? message.withButtons(ended.releaseId(), RESUMABLE)
					: message;
		}
		return SlackMessage.of(text, escape(text));
	}

	/**
	 * What a decision made from Slack says instead of its buttons, such as "⏸ paused by
	 * alice".
	 */
	static String decision(Signal signal, String operator) {
		return icon(signal) + " " + pastTense(signal) + " by " + escape(operator);
	}

	private static String failures(List<ClusterFailure> failures) {
		if (failures == null || failures.isEmpty()) {
			return "";
		}
		String listed = failures.stream()
			.limit(LISTED_FAILURES)
			.map((failure) -> "\n• `%s`: %s".formatted(escape(failure.cluster()), escape(failure.reason())))
			.collect(Collectors.joining());
		int more = failures.size() - LISTED_FAILURES;
		return (more > 0) ? listed + "\n… and " + more + " more" : listed;
	}

	private static String ended(ReleaseEnded ended) {
		String icon = switch (ended.state()) {
			case COMPLETED -> "✅";
			case CANCELLED -> "🚫";
			default -> "⚠️";
		};
		String stages = ended.stages()
			.stream()
			.map((stage) -> "\n• *%s*: %d upgraded, %d already current, %d failed".formatted(escape(stage.name()),
					stage.upgraded(), stage.alreadyCurrent(), stage.failed()))
			.collect(Collectors.joining());
		return icon + " " + escape(ended.describe()) + stages;
	}

	/**
	 * A time every reader sees in their own time zone, with the instant as the fallback.
	 */
	private static String date(Instant at) {
		return "<!date^%d^{date_short_pretty} {time_secs}|%s>".formatted(at.getEpochSecond(), at);
	}

	private static String icon(Signal signal) {
		return switch (signal) {
			case PAUSE -> "⏸";
			case RESUME -> "▶️";
			case CONTINUE -> "⏭";
			case RESET -> "🔁";
			case CANCEL -> "🚫";
		};
	}

	private static String pastTense(Signal signal) {
		return switch (signal) {
			case PAUSE -> "paused";
			case RESUME -> "resumed";
			case CONTINUE -> "continued";
			case RESET -> "reset";
			case CANCEL -> "cancelled";
		};
	}

}
