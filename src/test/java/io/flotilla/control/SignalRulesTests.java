package io.flotilla.control;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Every signal in every state, against a table written out here rather than read from
 * {@link SignalRules}: a cell names the state the signal leads to, {@code -} means it is
 * refused.
 */
class SignalRulesTests {

	private static final String EXPECTED = """
			state              pause    resume   continue  reset    cancel
			STARTING           PAUSING  -        -         -        CANCELLING
			RUNNING            PAUSING  -        -         -        CANCELLING
			PAUSING            -        -        -         -        CANCELLING
			PAUSED             -        RUNNING  RUNNING   RUNNING  CANCELLED
			AWAITING_APPROVAL  PAUSED   -        RUNNING   -        CANCELLED
			BUDGET_EXCEEDED    PAUSED   RUNNING  RUNNING   RUNNING  CANCELLED
			BAKING             PAUSED   -        -         -        CANCELLED
			AWAITING_CLAIMS    PAUSED   -        -         -        CANCELLED
			WAITING_FOR_WINDOW PAUSED   -        -         -        CANCELLED
			CANCELLING         -        -        -         -        -
			COMPLETED          -        -        -         -        -
			CANCELLED          -        -        -         -        -
			FAILED             -        RUNNING  -         RUNNING  CANCELLED
			""";

	/** Why a signal is refused in each state, as the refusal must say. */
	private static final Map<ReleaseState, String> WHY = new EnumMap<>(Map.ofEntries(
			Map.entry(ReleaseState.STARTING, "it is running"), Map.entry(ReleaseState.RUNNING, "it is running"),
			Map.entry(ReleaseState.PAUSING, "it is pausing already"), Map.entry(ReleaseState.PAUSED, "it is paused"),
			Map.entry(ReleaseState.AWAITING_APPROVAL, "it is waiting for approval"),
			Map.entry(ReleaseState.BUDGET_EXCEEDED, "it is stopped for its failure budget"),
			Map.entry(ReleaseState.BAKING, "it is baking"),
			Map.entry(ReleaseState.AWAITING_CLAIMS, "it waits for clusters other releases hold"),
			Map.entry(ReleaseState.WAITING_FOR_WINDOW, "it waits for its deployment window"),
			Map.entry(ReleaseState.CANCELLING, "it is being cancelled"),
			Map.entry(ReleaseState.COMPLETED, "it is completed"), Map.entry(ReleaseState.CANCELLED, "it was cancelled"),
			Map.entry(ReleaseState.FAILED, "it failed")));

	private static final Map<ReleaseState, Map<Signal, ReleaseState>> TABLE = parse(EXPECTED);

	@Test
	void theExpectedTableCoversEveryStateAndEverySignal() {
		assertThat(TABLE).containsOnlyKeys(ReleaseState.values());
		assertThat(WHY).containsOnlyKeys(ReleaseState.values());
	}

	@ParameterizedTest(name = "{0} + {1} -> {2}")
	@MethodSource("allowed")
	void anAllowedSignalLeadsToTheStateInTheTable(ReleaseState from, Signal signal, ReleaseState expected) {
		// when
		ReleaseState next = SignalRules.apply("r-1", from, signal);

		// then
		assertThat(next).isEqualTo(expected);
		assertThat(SignalRules.next(from, signal)).contains(expected);
	}

	@ParameterizedTest(name = "{0} + {1} refused")
	@MethodSource("refused")
	void aRefusedSignalSaysWhichSignalWhichReleaseAndWhy(ReleaseState from, Signal signal) {
		// when
		SignalRefusedException refused = catchThrowableOfType(SignalRefusedException.class,
				() -> SignalRules.apply("rel-42", from, signal));

		// then
		assertThat(refused).as("%s in %s", signal, from).isNotNull();
		List<String> allowedNow = TABLE.get(from).keySet().stream().map(Signal::word).toList();
		String expected = "cannot " + signal.word() + " release rel-42: " + WHY.get(from)
				+ (allowedNow.isEmpty() ? "" : " (allowed now: " + String.join(", ", allowedNow) + ")");
		assertThat(refused).hasMessage(expected);
		assertThat(SignalRules.next(from, signal)).isEmpty();
	}

	@Test
	void finalStatesRefuseEverySignalAndActiveStatesAreTheOnesAJobWorksIn() {
		for (ReleaseState state : ReleaseState.values()) {
			assertThat(state.isTerminal()).as("%s is terminal", state)
				.isEqualTo(state == ReleaseState.COMPLETED || state == ReleaseState.CANCELLED);
			assertThat(state.isActive()).as("%s is active", state)
				.isEqualTo(List
					.of(ReleaseState.STARTING, ReleaseState.RUNNING, ReleaseState.PAUSING, ReleaseState.CANCELLING)
					.contains(state));
			if (state.isTerminal()) {
				assertThat(TABLE.get(state)).as("signals accepted by %s", state).isEmpty();
			}
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "pause", "PAUSE", "Pause", " pause ", "pAuSe" })
	void parseAcceptsASignalInAnyCase(String text) {
		assertThat(Signal.parse(text)).isEqualTo(Signal.PAUSE);
	}

	@Test
	void theAllowedSignalsAreThoseWithANextStateInSignalOrder() {
		for (ReleaseState state : ReleaseState.values()) {
			assertThat(SignalRules.allowed(state)).as("signals %s accepts", state)
				.isEqualTo(Arrays.stream(Signal.values())
					.filter((signal) -> SignalRules.next(state, signal).isPresent())
					.toList());
		}
		assertThat(SignalRules.allowed(ReleaseState.PAUSED)).containsExactly(Signal.RESUME, Signal.CONTINUE,
				Signal.RESET, Signal.CANCEL);
		assertThat(SignalRules.allowed(ReleaseState.COMPLETED)).isEmpty();
	}

	@Test
	void parseKnowsEverySignalByItsWord() {
		for (Signal signal : Signal.values()) {
			assertThat(Signal.parse(signal.word())).isEqualTo(signal);
			assertThat(Signal.parse(signal.word().toUpperCase())).isEqualTo(signal);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "stop", "", "resumee", "continue now" })
	void parseRefusesAnUnknownSignalListingTheSignalsThereAre(String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> Signal.parse(text))
			.withMessage("unknown signal '" + text + "'; use pause, resume, continue, reset or cancel");
	}

	static Stream<Arguments> allowed() {
		List<Arguments> cases = new ArrayList<>();
		TABLE.forEach((from, row) -> row.forEach((signal, to) -> cases.add(Arguments.of(from, signal, to))));
		assertThat(cases).hasSize(26);
		return cases.stream();
	}

	static Stream<Arguments> refused() {
		List<Arguments> cases = new ArrayList<>();
		for (ReleaseState from : ReleaseState.values()) {
			for (Signal signal : Signal.values()) {
				if (!TABLE.get(from).containsKey(signal)) {
					cases.add(Arguments.of(from, signal));
				}
			}
		}
		assertThat(cases).hasSize(ReleaseState.values().length * Signal.values().length - 26);
		return cases.stream();
	}

	private static Map<ReleaseState, Map<Signal, ReleaseState>> parse(String text) {
		List<String> lines = text.lines().filter((line) -> !line.isBlank()).toList();
		List<Signal> columns = Stream.of(lines.get(0).trim().split("\\s+")).skip(1).map(Signal::parse).toList();
		Map<ReleaseState, Map<Signal, ReleaseState>> table = new LinkedHashMap<>();
		for (String line : lines.subList(1, lines.size())) {
			String[] cells = line.trim().split("\\s+");
			assertThat(cells).as("cells of '%s'", line).hasSize(columns.size() + 1);
			Map<Signal, ReleaseState> row = new EnumMap<>(Signal.class);
			for (int i = 0; i < columns.size(); i++) {
				if (!cells[i + 1].equals("-")) {
					row.put(columns.get(i), ReleaseState.valueOf(cells[i + 1]));
				}
			}
			table.put(ReleaseState.valueOf(cells[0]), row);
		}
		return table;
	}

}
