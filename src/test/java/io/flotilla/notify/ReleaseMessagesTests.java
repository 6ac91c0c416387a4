package io.flotilla.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.slack.api.model.block.ActionsBlock;
import com.slack.api.model.block.ContextBlock;
import com.slack.api.model.block.SectionBlock;
import com.slack.api.model.block.composition.MarkdownTextObject;
import com.slack.api.model.block.element.ButtonElement;
import io.flotilla.control.ReleaseState;
import io.flotilla.control.Signal;
import io.flotilla.release.ClusterFailure;
import io.flotilla.release.ReleaseEvent;
import io.flotilla.release.StageProgress;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReleaseMessagesTests {

	private static final Instant AT = Instant.parse("2025-01-01T10:00:00Z");

	@Test
	void theRootMessageNamesThePlanVersionStagesAndWhoStartedIt() {
		// when
		SlackMessage root = ReleaseMessages.root(new ReleaseEvent.ReleaseStarted("r-1", AT, "clickhouse",
				"clickhouse.yaml", "25.3", List.of("staging", "prod"), 12, "alice"));

		// then
		assertThat(root.text()).contains("r-1", "clickhouse", "25.3", "staging → prod", "alice", "12 clusters");
		assertThat(markdown(root, 0)).contains("*staging* → *prod*", "started by alice");
		assertThat(root.blocks()).noneMatch(ActionsBlock.class::isInstance);
	}

	@Test
	void aBudgetBreachAsksForADecisionWithFourButtonsAndListsTheFailures() {
		// when
		SlackMessage message = ReleaseMessages.threaded(new ReleaseEvent.BudgetBreached("r-1", AT, "prod", 2, 1,
				List.of(new ClusterFailure("prod", "eu/db/a", "not ready after 1s"),
						new ClusterFailure("prod", "eu/db/b", "image <pull> failed"))));

		// then
		assertThat(message.text()).isEqualTo("stage prod paused: 2 failed clusters over the budget of 1");
		assertThat(message.broadcast()).isTrue();
		assertThat(markdown(message, 0)).contains("`eu/db/a`: not ready after 1s", "image &lt;pull&gt; failed");
		assertThat(buttons(message)).extracting(ButtonElement::getActionId)
			.containsExactly("flotilla.continue", "flotilla.pause", "flotilla.reset", "flotilla.cancel");
		assertThat(buttons(message)).extracting(ButtonElement::getValue).containsOnly("r-1");
	}

	@Test
	void aRecoveryIsReportedInTheThreadAndARecoveryLoopIsAWarningInTheChannel() {
		// when
		SlackMessage once = ReleaseMessages
			.threaded(new ReleaseEvent.ReleaseRecovered("r-1", AT, 7, 1, Duration.ofMinutes(10), false));
		SlackMessage loop = ReleaseMessages
			.threaded(new ReleaseEvent.ReleaseRecovered("r-1", AT, 9, 3, Duration.ofMinutes(10), true));

		// then
		assertThat(once.text())
			.isEqualTo("recovered execution 7, which a server that is gone left running (1 recovery in the last 10m)");
		assertThat(once.broadcast()).isFalse();
		assertThat(loop.text()).startsWith(
				"recovered execution 9, which a server that is gone left running (3 recoveries in the last 10m);"
						+ " WARNING: its server keeps dying");
		assertThat(loop.broadcast()).isTrue();
		assertThat(markdown(loop, 0)).startsWith("⚠️ ");
	}

	@Test
	void aStageStartCanBePausedOrCancelledAndAWaveOnlyReports() {
		// when
		SlackMessage stage = ReleaseMessages.threaded(new ReleaseEvent.StageStarted("r-1", AT, "prod", 40));
		SlackMessage wave = ReleaseMessages.threaded(new ReleaseEvent.WaveDone("r-1", AT, "prod", "eu", 2, 8, 1, 0, 1));

		// then
		assertThat(buttons(stage)).extracting(ButtonElement::getActionId)
			.containsExactly("flotilla.pause", "flotilla.cancel");
		assertThat(wave.text()).isEqualTo("stage prod group eu wave 2 done: 8 upgraded, 1 already current, 1 failed");
		assertThat(wave.blocks()).noneMatch(ActionsBlock.class::isInstance);
	}

	@Test
	void aBakeShowsItsEndInTheReadersTimeZone() {
		// when
		SlackMessage bake = ReleaseMessages
			.threaded(new ReleaseEvent.BakeStarted("r-1", AT, "staging", Instant.parse("2025-01-01T11:00:00Z")));

		// then
		assertThat(markdown(bake, 0)).contains("<!date^1735729200^", "|2025-01-01T11:00:00Z>");
	}

	@Test
	void aDecisionReplacesTheButtonsWithWhoDidWhat() {
		// given
		SlackMessage asked = ReleaseMessages
			.threaded(new ReleaseEvent.GateWaiting("r-1", AT, "prod", "approval of stage prod"));

		// when
		SlackMessage decided = SlackMessage.decided(asked.text(), asked.blocks(),
				ReleaseMessages.decision(Signal.PAUSE, "alice"));

		// then
		assertThat(decided.text()).endsWith("⏸ paused by alice");
		assertThat(decided.blocks()).noneMatch(ActionsBlock.class::isInstance);
		assertThat(decided.blocks()).last().isInstanceOf(ContextBlock.class);
	}

	@Test
	void aPausedOrFailedReleaseOffersResumeAndCancelWhereItIsAnnounced() {
		// when
		SlackMessage pausedAtOnce = ReleaseMessages.threaded(new ReleaseEvent.SignalApplied("r-1", AT, Signal.PAUSE,
				"alice", "lunch", ReleaseState.BAKING, ReleaseState.PAUSED));
		SlackMessage pausing = ReleaseMessages.threaded(new ReleaseEvent.SignalApplied("r-1", AT, Signal.PAUSE, "alice",
				null, ReleaseState.RUNNING, ReleaseState.PAUSING));
		SlackMessage paused = ReleaseMessages
			.threaded(new ReleaseEvent.ReleasePaused("r-1", AT, "paused by alice: lunch"));
		SlackMessage failed = ReleaseMessages
			.threaded(new ReleaseEvent.ReleaseEnded("r-1", AT, ReleaseState.FAILED, List.of()));
		SlackMessage completed = ReleaseMessages
			.threaded(new ReleaseEvent.ReleaseEnded("r-1", AT, ReleaseState.COMPLETED, List.of()));

		// then
		for (SlackMessage resumable : List.of(pausedAtOnce, paused, failed)) {
			assertThat(buttons(resumable)).extracting(ButtonElement::getActionId)
				.containsExactly("flotilla.resume", "flotilla.cancel");
			assertThat(buttons(resumable)).extracting(ButtonElement::getValue).containsOnly("r-1");
		}
		assertThat(pausing.blocks()).noneMatch(ActionsBlock.class::isInstance);
		assertThat(completed.blocks()).noneMatch(ActionsBlock.class::isInstance);
	}

	@Test
	void aCheckThatPausesAsksForContinueResetOrCancelInTheChannelAndOneThatRecordsOnlyReports() {
		// when
		SlackMessage pausing = ReleaseMessages.threaded(new ReleaseEvent.CheckFailed("r-1", AT, "prod", "eu/db/a",
				"error-rate", ReleaseEvent.CheckFailed.PAUSES, "error rate 12 is over the limit 10 on db/a"));
		SlackMessage recording = ReleaseMessages.threaded(new ReleaseEvent.CheckFailed("r-1", AT, "prod", "eu/db/b",
				"logs", "recorded; the release goes on", "3 log lines match 'Logical <error>'"));

		// then
		assertThat(pausing.text()).isEqualTo(
				"check error-rate failed on eu/db/a in stage prod: error rate 12 is over the limit 10 on db/a; the release pauses");
		assertThat(markdown(pausing, 0)).startsWith("🩺 check *error-rate* failed on `eu/db/a` in stage *prod*: ")
			.endsWith("the release pauses");
		assertThat(pausing.broadcast()).isTrue();
		assertThat(buttons(pausing)).extracting(ButtonElement::getActionId)
			.containsExactly("flotilla.continue", "flotilla.reset", "flotilla.cancel");
		assertThat(markdown(recording, 0)).contains("Logical &lt;error&gt;");
		assertThat(recording.broadcast()).isFalse();
		assertThat(recording.blocks()).noneMatch(ActionsBlock.class::isInstance);
	}

	@Test
	void aWaitForAWindowSaysWhyAndWhenItGoesOnInTheThreadOnly() {
		// when
		SlackMessage window = ReleaseMessages.threaded(new ReleaseEvent.WindowWaiting("r-1", AT, "prod",
				"outside its windows: next window opens Tue 09:00 Europe/Berlin",
				Instant.parse("2025-01-07T08:00:00Z")));
		SlackMessage frozen = ReleaseMessages.threaded(new ReleaseEvent.WindowWaiting("r-1", AT, "prod",
				"frozen: incident <123> (by alice), until ended by hand", null));

		// then
		assertThat(window.text())
			.isEqualTo("stage prod waits: outside its windows: next window opens Tue 09:00 Europe/Berlin");
		assertThat(markdown(window, 0))
			.startsWith("🕘 stage *prod* waits: outside its windows: next window opens Tue 09:00 Europe/Berlin")
			.contains("<!date^1736236800^", "|2025-01-07T08:00:00Z>");
		assertThat(markdown(frozen, 0)).startsWith("🕘 stage *prod* waits: frozen: incident &lt;123&gt; (by alice)")
			.endsWith("goes on when the freeze is ended");
		for (SlackMessage message : List.of(window, frozen)) {
			assertThat(message.broadcast()).isFalse();
			assertThat(message.blocks()).noneMatch(ActionsBlock.class::isInstance);
		}
	}

	@Test
	void aBreakGlassStartIsBroadcastLoudlyWithWhoAndWhy() {
		// when
		SlackMessage message = ReleaseMessages
			.threaded(new ReleaseEvent.BreakGlassStarted("r-1", AT, "alice", "hotfix for incident 123"));

		// then
		assertThat(message.text())
			.isEqualTo("BREAK GLASS: alice started release r-1 through any freeze: hotfix for incident 123");
		assertThat(message.broadcast()).isTrue();
		assertThat(markdown(message, 0))
			.isEqualTo("🚨 *BREAK GLASS*: alice started release `r-1` through any freeze: hotfix for incident 123");
		assertThat(message.blocks()).noneMatch(ActionsBlock.class::isInstance);
	}

	@Test
	void anAutomaticRestartIsReportedInTheThreadAndTheLastFailureAsksForAResume() {
		// when
		SlackMessage scheduled = ReleaseMessages.threaded(new ReleaseEvent.RestartScheduled("r-1", AT, 2, 3,
				Duration.ofMinutes(2), "patch: Kubernetes API unavailable after 5 attempts: 503"));
		SlackMessage exhausted = ReleaseMessages.threaded(new ReleaseEvent.RestartsExhausted("r-1", AT, 3,
				"patch: Kubernetes API unavailable after 5 attempts: 503"));

		// then
		assertThat(scheduled.text())
			.isEqualTo("automatic restart 2 of 3 in 2m after: patch: Kubernetes API unavailable after 5 attempts: 503");
		assertThat(markdown(scheduled, 0)).startsWith("♻️ automatic restart 2 of 3 in 2m");
		assertThat(scheduled.broadcast()).isFalse();
		assertThat(scheduled.blocks()).noneMatch(ActionsBlock.class::isInstance);
		assertThat(exhausted.text()).startsWith("failed again after 3 automatic restarts, the plan's last");
		assertThat(markdown(exhausted, 0)).startsWith("⚠️ failed again after 3 automatic restarts");
		assertThat(exhausted.broadcast()).isTrue();
		assertThat(buttons(exhausted)).extracting(ButtonElement::getActionId)
			.containsExactly("flotilla.resume", "flotilla.cancel");
		assertThat(buttons(exhausted)).extracting(ButtonElement::getValue).containsOnly("r-1");
	}

	@Test
	void theEndOfAReleaseSumsUpEachStage() {
		// when
		SlackMessage ended = ReleaseMessages.threaded(new ReleaseEvent.ReleaseEnded("r-1", AT, ReleaseState.COMPLETED,
				List.of(new StageProgress("prod", 3, 0, 2, 1, 0, 0, 0, 0, 0, 0, 1, null, null, List.of()))));

		// then
		assertThat(ended.text()).isEqualTo("release COMPLETED: 2 upgraded, 1 already current, 0 failed");
		assertThat(markdown(ended, 0)).startsWith("✅").contains("*prod*: 2 upgraded");
	}

	private static String markdown(SlackMessage message, int block) {
		return ((MarkdownTextObject) ((SectionBlock) message.blocks().get(block)).getText()).getText();
	}

	private static List<ButtonElement> buttons(SlackMessage message) {
		return message.blocks()
			.stream()
			.filter(ActionsBlock.class::isInstance)
			.flatMap((block) -> ((ActionsBlock) block).getElements().stream())
			.map(ButtonElement.class::cast)
			.toList();
	}

}
