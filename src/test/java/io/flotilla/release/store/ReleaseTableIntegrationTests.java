package io.flotilla.release.store;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import io.flotilla.control.Gate;
import io.flotilla.control.IllegalTransitionException;
import io.flotilla.control.ReleaseState;
import io.flotilla.support.MigratedDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link ReleaseTable} against a real PostgreSQL migrated by the server's migrations,
 * with a fixed clock: every state change is a compare-and-set that the transition table
 * checks first.
 */
class ReleaseTableIntegrationTests {

	private static final Instant CREATED = Instant.parse("2030-01-01T09:00:00Z");

	private static final Instant NOW = Instant.parse("2030-01-01T10:00:00Z");

	private static final AtomicInteger ids = new AtomicInteger();

	private static MigratedDatabase database;

	private static ReleaseTable releases;

	@BeforeAll
	static void database() {
		database = MigratedDatabase.latest();
		releases = new ReleaseTable(database.jdbc(), Clock.fixed(NOW, ZoneOffset.UTC));
	}

	@Test
	void aReleaseIsFoundAsItWasInserted() {
		// given
		String id = newId();
		ReleaseRecord release = new ReleaseRecord(id, "canary-plan", "jobs/canary-plan.yaml", "name: canary-plan\n",
				"25.3", ReleaseState.STARTING, null, "alice", CREATED, CREATED, null, null, null);

		// when
		releases.insert(release);

		// then
		assertThat(releases.exists(id)).isTrue();
		assertThat(releases.find(id)).contains(release);
		assertThat(releases.findAll()).contains(release);
	}

	@Test
	void anUnknownReleaseIsNotFound() {
		assertThat(releases.exists("no-such-release")).isFalse();
		assertThat(releases.find("no-such-release")).isEmpty();
		assertThat(releases.lock("no-such-release")).isEmpty();
	}

	@Test
	void findUnfinishedLeavesOutCompletedAndCancelledOldestFirst() {
		// given: one release in every state, created a minute apart in reverse order
		// (another test's releases may be in the table too)
		List<String> unfinished = new ArrayList<>();
		List<String> finished = new ArrayList<>();
		ReleaseState[] states = ReleaseState.values();
		for (int i = 0; i < states.length; i++) {
			String id = insert(states[i], CREATED.minusSeconds(60L * (states.length - i)));
			(states[i].isTerminal() ? finished : unfinished).add(id);
		}

		// when
		List<String> found = releases.findUnfinished();

		// then
		assertThat(found).doesNotContainAnyElementsOf(finished);
		assertThat(found.stream().filter(unfinished::contains).toList()).containsExactlyElementsOf(unfinished);
		assertThat(unfinished).hasSize(11);
	}

	@Test
	void changeStateMakesAnAllowedChangeAndSaysSo() {
		// given
		String id = insert(ReleaseState.RUNNING, CREATED);

		// when
		boolean changed = releases.changeState(id, Set.of(ReleaseState.RUNNING), ReleaseState.BAKING,
				"stage canary baking");

		// then
		assertThat(changed).isTrue();
		ReleaseRecord release = releases.find(id).orElseThrow();
		assertThat(release.state()).isEqualTo(ReleaseState.BAKING);
		assertThat(release.stateReason()).isEqualTo("stage canary baking");
		assertThat(release.updatedAt()).isEqualTo(NOW);
		assertThat(release.createdAt()).isEqualTo(CREATED);
	}

	@Test
	void changeStateFromOneOfSeveralExpectedStatesMovesTheRelease() {
		// given
		String id = insert(ReleaseState.PAUSING, CREATED);

		// when
		boolean changed = releases.changeState(id, EnumSet.of(ReleaseState.RUNNING, ReleaseState.PAUSING),
				ReleaseState.PAUSED, "paused by alice");

		// then
		assertThat(changed).isTrue();
		assertThat(releases.find(id).orElseThrow().state()).isEqualTo(ReleaseState.PAUSED);
	}

	@Test
	void changeStateChangesNothingAndSaysSoWhenAnotherChangeCameFirst() {
		// given: a cancel won while the job was about to bake
		String id = insert(ReleaseState.RUNNING, CREATED);
		assertThat(releases.changeState(id, Set.of(ReleaseState.RUNNING), ReleaseState.CANCELLING, "cancelled by bob"))
			.isTrue();
		ReleaseRecord before = releases.find(id).orElseThrow();

		// when
		boolean changed = releases.changeState(id, Set.of(ReleaseState.RUNNING), ReleaseState.BAKING,
				"stage canary baking");

		// then
		assertThat(changed).isFalse();
		assertThat(releases.find(id)).contains(before);
		assertThat(before.state()).isEqualTo(ReleaseState.CANCELLING);
		assertThat(before.stateReason()).isEqualTo("cancelled by bob");
	}

	@Test
	void changeStateOfAnUnknownReleaseChangesNothing() {
		assertThat(releases.changeState("no-such-release", Set.of(ReleaseState.RUNNING), ReleaseState.BAKING, "x"))
			.isFalse();
	}

	@Test
	void changeStateRefusesAChangeNotInTheTableAndLeavesTheRowAsItWas() {
		// given
		String id = insert(ReleaseState.COMPLETED, CREATED);
		ReleaseRecord before = releases.find(id).orElseThrow();

		// when / then
		assertThatExceptionOfType(IllegalTransitionException.class)
			.isThrownBy(() -> releases.changeState(id, Set.of(ReleaseState.COMPLETED), ReleaseState.BAKING, "x"))
			.withMessage(
					"illegal state change of release " + id + ": COMPLETED -> BAKING is not in its transition table");
		assertThat(releases.find(id)).contains(before);
	}

	@Test
	void changeStateRefusesAnIllegalExpectedStateEvenWhenTheRowIsInALegalOne() {
		// given: RUNNING -> COMPLETED is allowed, PAUSED -> COMPLETED is not
		String id = insert(ReleaseState.RUNNING, CREATED);
		ReleaseRecord before = releases.find(id).orElseThrow();

		// when / then
		assertThatExceptionOfType(IllegalTransitionException.class)
			.isThrownBy(() -> releases.changeState(id, EnumSet.of(ReleaseState.RUNNING, ReleaseState.PAUSED),
					ReleaseState.COMPLETED, null))
			.withMessageContaining("PAUSED -> COMPLETED");
		assertThat(releases.find(id)).contains(before);
	}

	@ParameterizedTest
	@EnumSource(ReleaseState.class)
	void awaitApprovalStopsOnlyAnAdvancingRelease(ReleaseState state) {
		// given
		String id = insert(state, CREATED);
		ReleaseRecord before = releases.find(id).orElseThrow();

		// when
		boolean waiting = releases.awaitApproval(id, Gate.STAGE, "eu", "waiting for approval of stage eu");

		// then
		assertThat(waiting).isEqualTo(state == ReleaseState.STARTING || state == ReleaseState.RUNNING);
		ReleaseRecord after = releases.find(id).orElseThrow();
		if (waiting) {
			assertThat(after.state()).isEqualTo(ReleaseState.AWAITING_APPROVAL);
			assertThat(after.waitingFor()).isEqualTo(Gate.STAGE);
			assertThat(after.currentStage()).isEqualTo("eu");
			assertThat(after.stateReason()).isEqualTo("waiting for approval of stage eu");
			assertThat(after.updatedAt()).isEqualTo(NOW);
		}
		else {
			assertThat(after).isEqualTo(before);
		}
	}

	@ParameterizedTest
	@EnumSource(ReleaseState.class)
	void mayStartClustersOnlyWhileStartingOrRunning(ReleaseState state) {
		// given
		String id = insert(state, CREATED);

		// when
		boolean mayStart = releases.mayStartClusters(id);

		// then
		assertThat(mayStart).as("in %s", state)
			.isEqualTo(state == ReleaseState.STARTING || state == ReleaseState.RUNNING);
	}

	@Test
	void anUnknownReleaseMayStartNoCluster() {
		assertThat(releases.mayStartClusters("no-such-release")).isFalse();
	}

	@Test
	void aReleaseGateIsApprovedOnceSomeonePassedIt() {
		// given
		String id = insert(ReleaseState.RUNNING, CREATED);
		assertThat(releases.awaitApproval(id, Gate.RELEASE, "canary", "waiting for approval of the release")).isTrue();
		assertThat(releases.approved(id, Gate.RELEASE, null)).isFalse();

		// when
		releases.approve(releases.find(id).orElseThrow(), "carol");

		// then
		ReleaseRecord approved = releases.find(id).orElseThrow();
		assertThat(approved.approvedBy()).isEqualTo("carol");
		assertThat(approved.waitingFor()).isNull();
		assertThat(releases.approved(id, Gate.RELEASE, null)).isTrue();
	}

	private static String insert(ReleaseState state, Instant createdAt) {
		String id = newId();
		releases.insert(new ReleaseRecord(id, "plan", "plan.yaml", "name: plan\n", "25.3", state, null, "tester",
				createdAt, createdAt, null, null, null));
		return id;
	}

	private static String newId() {
		return "rel-" + ids.incrementAndGet();
	}

}
