package io.flotilla.control;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Which changes of state a kind of thing may make: for each state, the states it may be
 * reached from. The release's and the cluster's tables are instances of it, so adding a
 * state is one row in one table.
 *
 * @param <S> the states
 */
final class TransitionTable<S extends Enum<S>> {

	private final String subject;

	private final Class<S> states;

	private final Map<S, Set<S>> sources;

	TransitionTable(String subject, Class<S> states) {
		this.subject = subject;
		this.states = states;
		this.sources = new EnumMap<>(states);
	}

	@SafeVarargs
	final TransitionTable<S> allow(S to, S... from) {
		Set<S> reachedFrom = this.sources.computeIfAbsent(to, (state) -> EnumSet.noneOf(this.states));
		Collections.addAll(reachedFrom, from);
		return this;
	}

	boolean allows(S from, S to) {
		return this.sources.getOrDefault(to, Set.of()).contains(from);
	}

	/**
	 * @throws IllegalTransitionException unless every change from one of the states to
	 * the new one is in the table
	 */
	void check(String id, Set<S> from, S to) {
		if (from.isEmpty()) {
			throw new IllegalArgumentException("A change of " + this.subject + " " + id + " must come from a state");
		}
		for (S state : from) {
			if (!allows(state, to)) {
				throw new IllegalTransitionException(this.subject, id, state, to);
			}
		}
	}

}
