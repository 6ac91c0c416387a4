package io.flotilla.console;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.flotilla.plan.yaml.PlanException.PlanError;

/**
 * A plan's text line by line with its problems on the lines they are about, so that the
 * start page marks where each one is, as an editor would. Problems with no place in the
 * file stay in the list above it only.
 *
 * @param lines every line, numbered from 1
 */
record MarkedPlan(List<Line> lines) {

	static MarkedPlan of(String text, List<PlanError> errors) {
		Map<Integer, List<String>> byLine = errors.stream()
			.filter((error) -> error.line() > 0)
			.collect(Collectors.groupingBy(PlanError::line,
					Collectors.mapping(MarkedPlan::problem, Collectors.toList())));
		List<String> texts = text.lines().toList();
		return new MarkedPlan(IntStream.rangeClosed(1, texts.size())
			.mapToObj((number) -> new Line(number, texts.get(number - 1), byLine.getOrDefault(number, List.of())))
			.toList());
	}

	/**
	 * A problem as the page lists it: {@code line:column field: message}.
	 */
	static String problem(PlanError error) {
		String place = (error.line() > 0) ? error.line() + ":" + error.column() + " " : "";
		return error.field().isEmpty() ? place + error.message() : place + error.field() + ": " + error.message();
	}

	/**
	 * @param number from 1
	 * @param text the line as typed
	 * @param problems what is wrong on it, as {@link #problem} words it; empty when
	 * nothing is
	 */
	record Line(int number, String text, List<String> problems) {

		public boolean marked() {
			return !this.problems.isEmpty();
		}

	}

}
