package io.flotilla.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a bench run measured: one row per figure, with its baseline and target where it
 * has them, on which machine and when.
 *
 * @param date when the run started
 * @param machine cores, memory, JDK, OS
 * @param mode {@code quick} or {@code full}
 * @param figures the figures in the order measured
 */
public record BenchReport(Instant date, Map<String, String> machine, String mode, List<Figure> figures) {

	private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	public BenchReport {
		machine = Map.copyOf(new LinkedHashMap<>(machine));
		figures = List.copyOf(figures);
	}

	/**
	 * How a figure stands against its target.
	 */
	public enum Verdict {

		MET, MISSED, NONE

	}

	/**
	 * One measured figure.
	 *
	 * @param section the numbered part of the bench it belongs to
	 * @param name what it is
	 * @param value the measured value, with its unit
	 * @param baseline what it is compared with, or null
	 * @param target the target, or null
	 * @param verdict whether the target is met
	 * @param note how it was measured or why it misses, or null
	 */
	public record Figure(String section, String name, String value, String baseline, String target, Verdict verdict,
			String note) {

		public static Figure of(String section, String name, String value) {
			return new Figure(section, name, value, null, null, Verdict.NONE, null);
		}

		public Figure withBaseline(String baseline) {
			return new Figure(this.section, this.name, this.value, baseline, this.target, this.verdict, this.note);
		}

		public Figure withTarget(String target, boolean met) {
			return new Figure(this.section, this.name, this.value, this.baseline, target,
					met ? Verdict.MET : Verdict.MISSED, this.note);
		}

		public Figure withNote(String note) {
			return new Figure(this.section, this.name, this.value, this.baseline, this.target, this.verdict, note);
		}

	}

	/**
	 * A plain-text table: section, figure, value, baseline, target and verdict, then the
	 * notes numbered below it.
	 */
	public String table() {
		String[] headers = { "#", "figure", "value", "baseline", "target", "" };
		List<String[]> rows = new ArrayList<>();
		List<String> notes = new ArrayList<>();
		for (Figure figure : this.figures) {
			String name = figure.name();
			if (figure.note() != null) {
				notes.add(figure.note());
				name = name + " [" + notes.size() + "]";
			}
			rows.add(new String[] { figure.section(), name, figure.value(), orDash(figure.baseline()),
					orDash(figure.target()), verdict(figure.verdict()) });
		}
		int[] widths = new int[headers.length];
		for (int i = 0; i < headers.length; i++) {
			widths[i] = headers[i].length();
			for (String[] row : rows) {
				widths[i] = Math.max(widths[i], row[i].length());
			}
		}
		StringBuilder text = new StringBuilder();
		text.append("flotilla bench (").append(this.mode).append(") ").append(this.date).append('\n');
		this.machine.entrySet()
			.stream()
			.sorted(Map.Entry.comparingByKey())
			.forEach((entry) -> text.append("  ")
				.append(entry.getKey())
				.append(": ")
				.append(entry.getValue())
				.append('\n'));
		text.append('\n');
		appendRow(text, headers, widths);
		String[] rule = new String[headers.length];
		for (int i = 0; i < headers.length; i++) {
			rule[i] = "-".repeat(widths[i]);
		}
		appendRow(text, rule, widths);
		rows.forEach((row) -> appendRow(text, row, widths));
		for (int i = 0; i < notes.size(); i++) {
			text.append(String.format("[%d] %s%n", i + 1, notes.get(i)));
		}
		return text.toString();
	}

	public String json() {
		return JSON.writeValueAsString(this);
	}

	private static void appendRow(StringBuilder text, String[] row, int[] widths) {
		StringBuilder line = new StringBuilder();
		for (int i = 0; i < row.length; i++) {
			if (i > 0) {
				line.append("  ");
			}
			line.append(row[i]).append(" ".repeat(widths[i] - row[i].length()));
		}
		text.append(line.toString().stripTrailing()).append('\n');
	}

	private static String orDash(String value) {
		return (value != null) ? value : "-";
	}

	private static String verdict(Verdict verdict) {
		return switch (verdict) {
			case MET -> "met";
			case MISSED -> "MISSED";
			case NONE -> "";
		};
	}

}
