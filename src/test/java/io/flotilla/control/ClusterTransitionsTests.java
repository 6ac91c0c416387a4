package io.flotilla.control;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import io.flotilla.fleet.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Every change of a cluster's state within a release, against a table written out here
 * rather than read from {@link ClusterTransitions}: rows are the state a cluster is in,
 * columns the state it is to go to, {@code x} allowed and {@code -} refused.
 */
class ClusterTransitionsTests {

	/**
	 * A pending cluster gets one outcome per release (skipped as newer, as held by
	 * another release at the start, or as unhealthy before its patch, is one); only a
	 * failure is put back to pending, by a reset. An upgraded cluster's checks may still
	 * find it unhealthy (recorded) or failed (counted against the budget), and a reset
	 * checks an unhealthy one again. PENDING -> PENDING is refused: nothing needs it.
	 */
	private static final String EXPECTED = """
			from \\ to         PENDING  UPGRADED  ALREADY_CURRENT  SKIPPED_NEWER  SKIPPED_CLAIMED  SKIPPED_UNHEALTHY  UNHEALTHY  FAILED
			PENDING            -        x         x                x              x                x                  -          x
			UPGRADED           -        -         -                -              -                -                  x          x
			ALREADY_CURRENT    -        -         -                -              -                -                  -          -
			SKIPPED_NEWER      -        -         -                -              -                -                  -          -
			SKIPPED_CLAIMED    -        -         -                -              -                -                  -          -
			SKIPPED_UNHEALTHY  -        -         -                -              -                -                  -          -
			UNHEALTHY          -        x         -                -              -                -                  -          -
			FAILED             x        -         -                -              -                -                  -          -
			""";

	private static final Map<ClusterState, Set<ClusterState>> TABLE = parse(EXPECTED);

	@Test
	void theExpectedTableCoversEveryStateInBothDirections() {
		assertThat(TABLE.keySet()).containsExactly(ClusterState.values());
	}

	@ParameterizedTest(name = "{0} -> {1}: {2}")
	@MethodSource("everyPair")
	void eachCellOfTheTableIsWhatClusterTransitionsAllows(ClusterState from, ClusterState to, boolean allowed) {
		// when
		boolean allows = ClusterTransitions.allows(from, to);

		// then
		assertThat(allows).as("%s -> %s", from, to).isEqualTo(allowed);
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@MethodSource("allowedPairs")
	void checkPassesAnAllowedChange(ClusterState from, ClusterState to) {
		assertThatNoException()
			.isThrownBy(() -> ClusterTransitions.check("us-east-1/tenant-0001/ch", Set.of(from), to));
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@MethodSource("refusedPairs")
	void checkRefusesAChangeNotInTheTableNamingTheClusterAndBothStates(ClusterState from, ClusterState to) {
		assertThatExceptionOfType(IllegalTransitionException.class)
			.isThrownBy(() -> ClusterTransitions.check("us-east-1/tenant-0001/ch", Set.of(from), to))
			.withMessage("illegal state change of cluster us-east-1/tenant-0001/ch: " + from + " -> " + to
					+ " is not in its transition table");
	}

	@Test
	void aRefusedCheckChangesNothing() {
		// when
		assertThatExceptionOfType(IllegalTransitionException.class)
			.isThrownBy(() -> ClusterTransitions.check("c", Set.of(ClusterState.UPGRADED), ClusterState.PENDING));

		// then
		for (ClusterState from : ClusterState.values()) {
			for (ClusterState to : ClusterState.values()) {
				assertThat(ClusterTransitions.allows(from, to)).as("%s -> %s", from, to)
					.isEqualTo(TABLE.get(from).contains(to));
			}
		}
	}

	@Test
	void checkRefusesASetOfSourcesOfWhichOneIsNotAllowedNamingThatOne() {
		// given: FAILED -> PENDING is a reset, UPGRADED -> PENDING is not in the table
		assertThat(TABLE.get(ClusterState.FAILED)).contains(ClusterState.PENDING);

		// when / then
		assertThatExceptionOfType(IllegalTransitionException.class)
			.isThrownBy(() -> ClusterTransitions.check("r-1/canary",
					EnumSet.of(ClusterState.UPGRADED, ClusterState.FAILED), ClusterState.PENDING))
			.withMessage(
					"illegal state change of cluster r-1/canary: UPGRADED -> PENDING is not in its transition table");
	}

	@Test
	void checkRefusesAChangeThatComesFromNoState() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ClusterTransitions.check("c", Set.of(), ClusterState.FAILED))
			.withMessage("A change of cluster c must come from a state");
	}

	@ParameterizedTest
	@EnumSource(Outcome.class)
	void everyOutcomeOfAnUpgradeIsAStateAPendingClusterMayReach(Outcome outcome) {
		// given: the cluster table stores an outcome under the state of the same name
		ClusterState state = ClusterState.valueOf(outcome.name());

		// then
		assertThat(ClusterTransitions.allows(ClusterState.PENDING, state)).isTrue();
	}

	@Test
	void onlyAFailureGoesBackToPendingAndOnlyAnUpgradedClusterIsJudgedAgainByItsChecks() {
		Map<ClusterState, Set<ClusterState>> waysOut = Map.of(ClusterState.FAILED, Set.of(ClusterState.PENDING),
				ClusterState.UPGRADED, Set.of(ClusterState.UNHEALTHY, ClusterState.FAILED), ClusterState.UNHEALTHY,
				Set.of(ClusterState.UPGRADED));
		for (ClusterState from : ClusterState.values()) {
			if (from == ClusterState.PENDING) {
				continue;
			}
			assertThat(TABLE.get(from)).as("ways out of outcome %s", from)
				.isEqualTo(waysOut.getOrDefault(from, Set.of()));
		}
	}

	static Stream<Arguments> everyPair() {
		List<Arguments> cases = new ArrayList<>();
		for (ClusterState from : ClusterState.values()) {
			for (ClusterState to : ClusterState.values()) {
				cases.add(Arguments.of(from, to, TABLE.get(from).contains(to)));
			}
		}
		assertThat(cases).hasSize(ClusterState.values().length * ClusterState.values().length);
		return cases.stream();
	}

	static Stream<Arguments> allowedPairs() {
		return everyPair().filter((pair) -> (boolean) pair.get()[2]);
	}

	static Stream<Arguments> refusedPairs() {
		return everyPair().filter((pair) -> !(boolean) pair.get()[2]);
	}

	private static Map<ClusterState, Set<ClusterState>> parse(String text) {
		List<String> lines = text.lines().filter((line) -> !line.isBlank()).toList();
		List<ClusterState> columns = Stream.of(lines.get(0).trim().split("\\s+"))
			.skip(3)
			.map(ClusterState::valueOf)
			.toList();
		assertThat(columns).containsExactly(ClusterState.values());
		Map<ClusterState, Set<ClusterState>> table = new LinkedHashMap<>();
		for (String line : lines.subList(1, lines.size())) {
			String[] cells = line.trim().split("\\s+");
			assertThat(cells).as("cells of '%s'", line).hasSize(columns.size() + 1);
			Set<ClusterState> row = EnumSet.noneOf(ClusterState.class);
			for (int i = 0; i < columns.size(); i++) {
				assertThat(cells[i + 1]).as("cell %s of '%s'", i + 1, line).isIn("x", "-");
				if (cells[i + 1].equals("x")) {
					row.add(columns.get(i));
				}
			}
			table.put(ClusterState.valueOf(cells[0]), row);
		}
		return table;
	}

}
