package io.flotilla.control;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

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
 * Every change of a release's state, from every state to every state, against a table
 * written out here rather than read from {@link ReleaseTransitions}: rows are the state a
 * release is in, columns the state it is to go to, {@code x} allowed and {@code -}
 * refused. A new state is one more row and one more column here.
 */
class ReleaseTransitionsTests {

	/** The column headings, in the order of {@link ReleaseState}. */
	private static final Map<String, ReleaseState> COLUMNS = new LinkedHashMap<>();

	static {
		COLUMNS.put("STA", ReleaseState.STARTING);
		COLUMNS.put("RUN", ReleaseState.RUNNING);
		COLUMNS.put("PSG", ReleaseState.PAUSING);
		COLUMNS.put("PSD", ReleaseState.PAUSED);
		COLUMNS.put("APR", ReleaseState.AWAITING_APPROVAL);
		COLUMNS.put("BUD", ReleaseState.BUDGET_EXCEEDED);
		COLUMNS.put("BAK", ReleaseState.BAKING);
		COLUMNS.put("CLM", ReleaseState.AWAITING_CLAIMS);
		COLUMNS.put("WIN", ReleaseState.WAITING_FOR_WINDOW);
		COLUMNS.put("CNG", ReleaseState.CANCELLING);
		COLUMNS.put("CMP", ReleaseState.COMPLETED);
		COLUMNS.put("CND", ReleaseState.CANCELLED);
		COLUMNS.put("FLD", ReleaseState.FAILED);
	}

	/**
	 * Notable cells: RUNNING -> RUNNING is an execution beginning on a release a crash
	 * left running, or the listener recording why a running release stopped (a shutdown,
	 * a database outage). CANCELLED -> CANCELLED is the one way out of a terminal state,
	 * and it leads back in: a cancel signal on a stopped release (PAUSED, BAKING, ...)
	 * writes CANCELLED at once, and the listener of an execution still ending then moves
	 * the release "to" CANCELLED again, so its compare-and-set succeeds and the release's
	 * end is recorded once. PAUSED -> FAILED and FAILED -> FAILED: an execution fails
	 * after its release was paused meanwhile (a pause while a stage stopped for one group
	 * and another group's wave still ran), or a failed release's recovered execution
	 * fails again. No state leads to STARTING: a release is only inserted in it.
	 */
	private static final String EXPECTED = """
			from \\ to         STA RUN PSG PSD APR BUD BAK CLM WIN CNG CMP CND FLD
			STARTING           -   x   x   -   x   x   x   x   x   x   -   -   x
			RUNNING            -   x   x   x   x   x   x   x   x   x   x   -   x
			PAUSING            -   -   -   x   -   -   -   -   -   x   x   -   x
			PAUSED             -   x   -   -   -   -   -   -   -   -   -   x   x
			AWAITING_APPROVAL  -   x   -   x   -   -   -   -   -   -   -   x   x
			BUDGET_EXCEEDED    -   x   -   x   -   -   -   -   -   -   -   x   x
			BAKING             -   x   -   x   -   -   -   -   -   -   -   x   x
			AWAITING_CLAIMS    -   x   -   x   -   -   -   -   -   -   -   x   x
			WAITING_FOR_WINDOW -   x   -   x   -   -   -   -   -   -   -   x   x
			CANCELLING         -   -   -   -   -   -   -   -   -   -   x   x   -
			COMPLETED          -   -   -   -   -   -   -   -   -   -   -   -   -
			CANCELLED          -   -   -   -   -   -   -   -   -   -   -   x   -
			FAILED             -   x   -   -   -   -   -   -   -   -   -   x   x
			""";

	private static final Map<ReleaseState, Set<ReleaseState>> TABLE = parse(EXPECTED);

	@Test
	void theExpectedTableCoversEveryStateInBothDirections() {
		assertThat(COLUMNS.values()).containsExactly(ReleaseState.values());
		assertThat(TABLE).containsOnlyKeys(ReleaseState.values());
		assertThat(TABLE.keySet()).containsExactly(ReleaseState.values());
	}

	@ParameterizedTest(name = "{0} -> {1}: {2}")
	@MethodSource("everyPair")
	void eachCellOfTheTableIsWhatReleaseTransitionsAllows(ReleaseState from, ReleaseState to, boolean allowed) {
		// when
		boolean allows = ReleaseTransitions.allows(from, to);

		// then
		assertThat(allows).as("%s -> %s", from, to).isEqualTo(allowed);
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@MethodSource("allowedPairs")
	void checkPassesAnAllowedChange(ReleaseState from, ReleaseState to) {
		assertThatNoException().isThrownBy(() -> ReleaseTransitions.check("r-1", Set.of(from), to));
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@MethodSource("refusedPairs")
	void checkRefusesAChangeNotInTheTableNamingTheReleaseAndBothStates(ReleaseState from, ReleaseState to) {
		// when / then
		assertThatExceptionOfType(IllegalTransitionException.class)
			.isThrownBy(() -> ReleaseTransitions.check("rel-42", Set.of(from), to))
			.withMessage("illegal state change of release rel-42: " + from + " -> " + to
					+ " is not in its transition table");
	}

	@Test
	void aRefusedCheckChangesNothing() {
		// given
		Map<ReleaseState, Set<ReleaseState>> before = actual();

		// when
		assertThatExceptionOfType(IllegalTransitionException.class)
			.isThrownBy(() -> ReleaseTransitions.check("rel-42", Set.of(ReleaseState.COMPLETED), ReleaseState.RUNNING));

		// then: the table answers as before, and still refuses the change
		assertThat(actual()).isEqualTo(before).isEqualTo(TABLE);
		assertThat(ReleaseTransitions.allows(ReleaseState.COMPLETED, ReleaseState.RUNNING)).isFalse();
	}

	@Test
	void checkRefusesASetOfSourcesOfWhichOneIsNotAllowedNamingThatOne() {
		// given: RUNNING -> COMPLETED is allowed, PAUSED -> COMPLETED is not
		assertThat(TABLE.get(ReleaseState.RUNNING)).contains(ReleaseState.COMPLETED);
		assertThat(TABLE.get(ReleaseState.PAUSED)).doesNotContain(ReleaseState.COMPLETED);

		// when / then
		assertThatExceptionOfType(IllegalTransitionException.class)
			.isThrownBy(() -> ReleaseTransitions.check("rel-7", EnumSet.of(ReleaseState.RUNNING, ReleaseState.PAUSED),
					ReleaseState.COMPLETED))
			.withMessage("illegal state change of release rel-7: PAUSED -> COMPLETED is not in its transition table");
	}

	@Test
	void checkPassesASetOfSourcesThatAreAllAllowed() {
		assertThatNoException().isThrownBy(
				() -> ReleaseTransitions.check("rel-7", ReleaseState.ADVANCING, ReleaseState.AWAITING_APPROVAL));
		assertThatNoException()
			.isThrownBy(() -> ReleaseTransitions.check("rel-7", ReleaseState.WAITING, ReleaseState.CANCELLED));
	}

	@Test
	void checkRefusesAChangeThatComesFromNoState() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ReleaseTransitions.check("rel-7", Set.of(), ReleaseState.RUNNING))
			.withMessage("A change of release rel-7 must come from a state");
	}

	@ParameterizedTest(name = "{0} + {1}")
	@MethodSource("signalEdges")
	void everyChangeASignalMakesIsInTheTable(ReleaseState from, Signal signal, ReleaseState to) {
		assertThat(ReleaseTransitions.allows(from, to)).as("%s + %s -> %s", from, signal, to).isTrue();
		assertThat(TABLE.get(from)).as("expected row %s", from).contains(to);
	}

	@ParameterizedTest
	@EnumSource(value = ReleaseState.class, names = { "COMPLETED", "CANCELLED" })
	void noTerminalStateCanBeLeft(ReleaseState terminal) {
		// when
		List<ReleaseState> reachable = Stream.of(ReleaseState.values())
			.filter((to) -> ReleaseTransitions.allows(terminal, to))
			.toList();

		// then: only CANCELLED -> CANCELLED, which stays terminal (see EXPECTED)
		assertThat(ReleaseState.TERMINAL).contains(terminal);
		assertThat(reachable).allSatisfy((to) -> assertThat(to).isEqualTo(terminal).isEqualTo(ReleaseState.CANCELLED));
		assertThat(reachable).isEqualTo(
				(terminal == ReleaseState.CANCELLED) ? List.of(ReleaseState.CANCELLED) : List.<ReleaseState>of());
	}

	@Test
	void theGroupsAreTheStatesTheirJavadocNames() {
		assertThat(ReleaseState.TERMINAL).containsExactlyInAnyOrder(ReleaseState.COMPLETED, ReleaseState.CANCELLED);
		assertThat(ReleaseState.ACTIVE).containsExactlyInAnyOrder(ReleaseState.STARTING, ReleaseState.RUNNING,
				ReleaseState.PAUSING, ReleaseState.CANCELLING);
		assertThat(ReleaseState.ADVANCING).containsExactlyInAnyOrder(ReleaseState.STARTING, ReleaseState.RUNNING);
		assertThat(ReleaseState.WAITING).containsExactlyInAnyOrder(ReleaseState.PAUSED, ReleaseState.AWAITING_APPROVAL,
				ReleaseState.BUDGET_EXCEEDED, ReleaseState.BAKING, ReleaseState.AWAITING_CLAIMS,
				ReleaseState.WAITING_FOR_WINDOW, ReleaseState.FAILED);
		assertThat(ReleaseState.TIMED).containsExactlyInAnyOrder(ReleaseState.BAKING, ReleaseState.AWAITING_CLAIMS,
				ReleaseState.WAITING_FOR_WINDOW);
		assertThat(ReleaseState.WAITING).containsAll(ReleaseState.TIMED);
		// advancing is the part of active where nobody asked the job to stop
		assertThat(ReleaseState.ACTIVE).containsAll(ReleaseState.ADVANCING);
	}

	@ParameterizedTest
	@EnumSource(ReleaseState.class)
	void everyStateIsInExactlyOneOfTerminalActiveAndWaiting(ReleaseState state) {
		// when
		List<String> groups = new ArrayList<>();
		if (ReleaseState.TERMINAL.contains(state)) {
			groups.add("TERMINAL");
		}
		if (ReleaseState.ACTIVE.contains(state)) {
			groups.add("ACTIVE");
		}
		if (ReleaseState.WAITING.contains(state)) {
			groups.add("WAITING");
		}

		// then
		assertThat(groups).as("groups of %s", state).hasSize(1);
		assertThat(state.isTerminal()).isEqualTo(ReleaseState.TERMINAL.contains(state));
		assertThat(state.isActive()).isEqualTo(ReleaseState.ACTIVE.contains(state));
		assertThat(state.isAdvancing()).isEqualTo(ReleaseState.ADVANCING.contains(state));
	}

	@ParameterizedTest
	@EnumSource(ReleaseState.class)
	void aWaitingStateIsLeftBySignalsOnlyAndAlwaysAcceptsCancel(ReleaseState state) {
		if (!ReleaseState.WAITING.contains(state)) {
			return;
		}
		// then: nothing is in flight, so a cancel ends the release at once
		assertThat(SignalRules.next(state, Signal.CANCEL)).contains(ReleaseState.CANCELLED);
		// and every state it may go to is the job taking it up again, a pause, a failure
		// or the end
		assertThat(TABLE.get(state)).isSubsetOf(ReleaseState.RUNNING, ReleaseState.PAUSED, ReleaseState.CANCELLED,
				ReleaseState.FAILED);
	}

	@Test
	void theGroupsCannotBeChanged() {
		for (Set<ReleaseState> group : List.of(ReleaseState.TERMINAL, ReleaseState.ACTIVE, ReleaseState.ADVANCING,
				ReleaseState.WAITING, ReleaseState.TIMED)) {
			assertThatExceptionOfType(UnsupportedOperationException.class)
				.isThrownBy(() -> group.add(ReleaseState.FAILED));
		}
	}

	static Stream<Arguments> everyPair() {
		List<Arguments> cases = new ArrayList<>();
		for (ReleaseState from : ReleaseState.values()) {
			for (ReleaseState to : ReleaseState.values()) {
				cases.add(Arguments.of(from, to, TABLE.get(from).contains(to)));
			}
		}
		assertThat(cases).hasSize(13 * 13);
		return cases.stream();
	}

	static Stream<Arguments> allowedPairs() {
		return everyPair().filter((pair) -> (boolean) pair.get()[2]);
	}

	static Stream<Arguments> refusedPairs() {
		return everyPair().filter((pair) -> !(boolean) pair.get()[2]);
	}

	static Stream<Arguments> signalEdges() {
		List<Arguments> cases = new ArrayList<>();
		for (ReleaseState from : ReleaseState.values()) {
			for (Signal signal : Signal.values()) {
				SignalRules.next(from, signal).ifPresent((to) -> cases.add(Arguments.of(from, signal, to)));
			}
		}
		assertThat(cases).hasSize(26);
		return cases.stream();
	}

	private static Map<ReleaseState, Set<ReleaseState>> actual() {
		Map<ReleaseState, Set<ReleaseState>> table = new EnumMap<>(ReleaseState.class);
		for (ReleaseState from : ReleaseState.values()) {
			Set<ReleaseState> row = EnumSet.noneOf(ReleaseState.class);
			for (ReleaseState to : ReleaseState.values()) {
				if (ReleaseTransitions.allows(from, to)) {
					row.add(to);
				}
			}
			table.put(from, row);
		}
		return table;
	}

	private static Map<ReleaseState, Set<ReleaseState>> parse(String text) {
		List<String> lines = text.lines().filter((line) -> !line.isBlank()).toList();
		List<ReleaseState> columns = Stream.of(lines.get(0).trim().split("\\s+")).skip(3).map((heading) -> {
			assertThat(COLUMNS).as("column headings").containsKey(heading);
			return COLUMNS.get(heading);
		}).toList();
		Map<ReleaseState, Set<ReleaseState>> table = new LinkedHashMap<>();
		for (String line : lines.subList(1, lines.size())) {
			String[] cells = line.trim().split("\\s+");
			assertThat(cells).as("cells of '%s'", line).hasSize(columns.size() + 1);
			Set<ReleaseState> row = EnumSet.noneOf(ReleaseState.class);
			for (int i = 0; i < columns.size(); i++) {
				assertThat(cells[i + 1]).as("cell %s of '%s'", i + 1, line).isIn("x", "-");
				if (cells[i + 1].equals("x")) {
					row.add(columns.get(i));
				}
			}
			table.put(ReleaseState.valueOf(cells[0]), row);
		}
		return table;
	}

}
