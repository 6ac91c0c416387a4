package io.flotilla.console;

import java.time.Instant;
import java.util.List;

import io.flotilla.control.Gate;
import io.flotilla.control.ReleaseState;
import io.flotilla.release.ReleaseStatus;
import io.flotilla.release.ReleaseViews.ReleaseDetail;
import io.flotilla.release.ReleaseViews.StageRules;
import io.flotilla.release.StageProgress;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReleaseTimelineTests {

	private static final Instant BAKE_END = Instant.parse("2026-12-01T10:15:00Z");

	@Test
	void stagesBeforeTheCurrentOneAreDoneAndThoseAfterItNotStarted() {
		List<ReleaseTimeline.Card> cards = ReleaseTimeline.of(detail(ReleaseState.RUNNING, null, "fleet"));

		assertThat(cards).extracting(ReleaseTimeline.Card::style).containsExactly("done", "running", "pending");
		assertThat(cards.get(1).detail()).isEqualTo("wave 2 of 5: 4 of 10 done, 2 failed, 2 in flight");
		assertThat(cards.get(2).headline()).isEqualTo("Not started");
	}

	@Test
	void aBakingStageCountsDownToTheRecordedEnd() {
		ReleaseTimeline.Card card = ReleaseTimeline.of(detail(ReleaseState.BAKING, null, "fleet")).get(1);

		assertThat(card.style()).isEqualTo("baking");
		assertThat(card.until()).isEqualTo(BAKE_END.toString());
	}

	@Test
	void aGateSaysWhoMayPassIt() {
		ReleaseTimeline.Card card = ReleaseTimeline.of(detail(ReleaseState.AWAITING_APPROVAL, "approval", "fleet"))
			.get(1);

		assertThat(card.style()).isEqualTo("waiting");
		assertThat(card.headline()).isEqualTo("Waiting for approval");
		assertThat(card.detail()).isEqualTo("only members of sre-leads may continue");
	}

	@Test
	void aBreachedBudgetSaysHowManyFailedOverHowMany() {
		ReleaseTimeline.Card card = ReleaseTimeline.of(detail(ReleaseState.BUDGET_EXCEEDED, "over", "fleet")).get(1);

		assertThat(card.style()).isEqualTo("breached");
		assertThat(card.detail()).as("one failure accepted earlier is not counted")
			.isEqualTo("1 failed over a budget of 0");
	}

	@Test
	void aPauseShowsItsReason() {
		ReleaseTimeline.Card card = ReleaseTimeline.of(detail(ReleaseState.PAUSED, "paused by alice: odd", "fleet"))
			.get(1);

		assertThat(card.headline()).isEqualTo("Paused");
		assertThat(card.detail()).isEqualTo("paused by alice: odd");
	}

	@Test
	void aCompletedReleaseHasEveryStageDoneAndACancelledOneTheRestNotRun() {
		assertThat(ReleaseTimeline.of(detail(ReleaseState.COMPLETED, null, "last")))
			.extracting(ReleaseTimeline.Card::style)
			.containsOnly("done");
		assertThat(ReleaseTimeline.of(detail(ReleaseState.CANCELLED, "cancelled by bob", "fleet")))
			.extracting(ReleaseTimeline.Card::headline)
			.containsExactly("Done", "Cancelled", "Not run");
	}

	@Test
	void beforeTheFirstStageNoStageHasStarted() {
		assertThat(ReleaseTimeline.of(detail(ReleaseState.AWAITING_APPROVAL, "release approval", null)))
			.extracting(ReleaseTimeline.Card::style)
			.containsOnly("pending");
	}

	private static ReleaseDetail detail(ReleaseState state, String reason, String currentStage) {
		List<StageProgress> stages = List.of(progress("canary", 4, 0, 0, 0, null), progress("fleet", 10, 6, 2, 2, 2),
				progress("last", 20, 20, 0, 0, null));
		ReleaseStatus status = new ReleaseStatus("r-1", "plan", "plan.yaml", "25.3", state, reason, "alice",
				Instant.EPOCH, Instant.EPOCH, stages);
		List<StageRules> rules = List.of(new StageRules("canary", 0, 0, List.of(), 0),
				new StageRules("fleet", 0, 1, List.of("sre-leads"), 600), new StageRules("last", 2, 0, List.of(), 0));
		return new ReleaseDetail(status, currentStage, (state == ReleaseState.AWAITING_APPROVAL) ? Gate.STAGE : null,
				rules, List.of(), List.of());
	}

	private static StageProgress progress(String name, int clusters, int pending, int failed, int inFlight,
			Integer currentWave) {
		return new StageProgress(name, clusters, pending, clusters - pending - failed, 0, 0, 0, failed, 0, 0, inFlight,
				5, currentWave, "fleet".equals(name) ? BAKE_END : null, List.of());
	}

}
