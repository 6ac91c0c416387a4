package io.flotilla.control;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

import static io.flotilla.control.ReleaseState.AWAITING_APPROVAL;
import static io.flotilla.control.ReleaseState.AWAITING_CLAIMS;
import static io.flotilla.control.ReleaseState.WAITING_FOR_WINDOW;
import static io.flotilla.control.ReleaseState.BAKING;
import static io.flotilla.control.ReleaseState.BUDGET_EXCEEDED;
import static io.flotilla.control.ReleaseState.CANCELLED;
import static io.flotilla.control.ReleaseState.CANCELLING;
import static io.flotilla.control.ReleaseState.FAILED;
import static io.flotilla.control.ReleaseState.PAUSED;
import static io.flotilla.control.ReleaseState.PAUSING;
import static io.flotilla.control.ReleaseState.RUNNING;
import static io.flotilla.control.ReleaseState.STARTING;

/**
 * The one table of which signal a release accepts in which state, and the state it leads
 * to. A signal that is not in the table is refused with a message that says why, and
 * changes nothing.
 */
public final class SignalRules {

	private static final Map<ReleaseState, Map<Signal, ReleaseState>> TABLE = new EnumMap<>(ReleaseState.class);

	static {
		allow(STARTING, Signal.PAUSE, PAUSING);
		allow(STARTING, Signal.CANCEL, CANCELLING);
		allow(RUNNING, Signal.PAUSE, PAUSING);
		allow(RUNNING, Signal.CANCEL, CANCELLING);
		allow(PAUSING, Signal.CANCEL, CANCELLING);
		allow(PAUSED, Signal.RESUME, RUNNING);
		allow(PAUSED, Signal.CONTINUE, RUNNING);
		allow(PAUSED, Signal.RESET, RUNNING);
		allow(PAUSED, Signal.CANCEL, CANCELLED);
		allow(AWAITING_APPROVAL, Signal.CONTINUE, RUNNING);
		allow(AWAITING_APPROVAL, Signal.PAUSE, PAUSED);
		allow(AWAITING_APPROVAL, Signal.CANCEL, CANCELLED);
		allow(BUDGET_EXCEEDED, Signal.CONTINUE, RUNNING);
		allow(BUDGET_EXCEEDED, Signal.RESUME, RUNNING);
		allow(BUDGET_EXCEEDED, Signal.RESET, RUNNING);
		allow(BUDGET_EXCEEDED, Signal.PAUSE, PAUSED);
		allow(BUDGET_EXCEEDED, Signal.CANCEL, CANCELLED);
		allow(BAKING, Signal.PAUSE, PAUSED);
		allow(BAKING, Signal.CANCEL, CANCELLED);
		allow(AWAITING_CLAIMS, Signal.PAUSE, PAUSED);
		allow(AWAITING_CLAIMS, Signal.CANCEL, CANCELLED);
		allow(WAITING_FOR_WINDOW, Signal.PAUSE, PAUSED);
		allow(WAITING_FOR_WINDOW, Signal.CANCEL, CANCELLED);
		allow(FAILED, Signal.RESUME, RUNNING);
		allow(FAILED, Signal.RESET, RUNNING);
		allow(FAILED, Signal.CANCEL, CANCELLED);
	}

	private SignalRules() {
	}

	private static void allow(ReleaseState from, Signal signal, ReleaseState to) {
		TABLE.computeIfAbsent(from, (state) -> new EnumMap<>(Signal.class)).put(signal, to);
	}

	/**
	 * Hands every allowed change, as (to, from), to the transition table.
	 */
	static void edges(BiConsumer<ReleaseState, ReleaseState> edge) {
		TABLE.forEach((from, signals) -> signals.values().forEach((to) -> edge.accept(to, from)));
	}

	/**
	 * The state a signal leads to from a state, if the signal is allowed there.
	 */
	public static Optional<ReleaseState> next(ReleaseState from, Signal signal) {
		return Optional.ofNullable(TABLE.getOrDefault(from, Map.of()).get(signal));
	}

	/**
	 * The signals a state accepts, in {@link Signal}'s order.
	 */
	public static List<Signal> allowed(ReleaseState state) {
		return List.copyOf(TABLE.getOrDefault(state, Map.of()).keySet());
	}

	/**
	 * The state a signal leads to.
	 * @throws SignalRefusedException when the signal makes no sense in that state
	 */
	public static ReleaseState apply(String releaseId, ReleaseState from, Signal signal) {
		return next(from, signal).orElseThrow(() -> new SignalRefusedException(refusal(releaseId, from, signal)));
	}

	private static String refusal(String releaseId, ReleaseState state, Signal signal) {
		String why = switch (state) {
			case COMPLETED -> "it is completed";
			case CANCELLED -> "it was cancelled";
			case STARTING, RUNNING -> "it is running";
			case PAUSING -> "it is pausing already";
			case CANCELLING -> "it is being cancelled";
			case PAUSED -> "it is paused";
			case AWAITING_APPROVAL -> "it is waiting for approval";
			case BUDGET_EXCEEDED -> "it is stopped for its failure budget";
			case BAKING -> "it is baking";
			case AWAITING_CLAIMS -> "it waits for clusters other releases hold";
			case WAITING_FOR_WINDOW -> "it waits for its deployment window";
			case FAILED -> "it failed";
		};
		return "cannot " + signal.word() + " release " + releaseId + ": " + why + hint(state);
	}

	private static String hint(ReleaseState state) {
		List<Signal> allowed = allowed(state);
		return allowed.isEmpty() ? ""
				: " (allowed now: " + String.join(", ", allowed.stream().map(Signal::word).toList()) + ")";
	}

}
