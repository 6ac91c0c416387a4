package io.flotilla.cli.account;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Rows under headings, each column as wide as its widest cell, for the lists of tokens,
 * users and schedules.
 */
public final class Table {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
		.withZone(ZoneId.systemDefault());

	private final List<List<String>> rows = new ArrayList<>();

	public Table(String... headings) {
		this.rows.add(List.of(headings));
	}

	public Table row(String... cells) {
		this.rows.add(List.of(cells));
		return this;
	}

	public void print(PrintWriter out) {
		int[] widths = new int[this.rows.get(0).size()];
		for (List<String> row : this.rows) {
			for (int column = 0; column < widths.length; column++) {
				widths[column] = Math.max(widths[column], row.get(column).length());
			}
		}
		for (List<String> row : this.rows) {
			StringBuilder line = new StringBuilder();
			for (int column = 0; column < widths.length; column++) {
				String cell = row.get(column);
				line.append(cell).append(" ".repeat(widths[column] - cell.length() + 2));
			}
			out.println(line.toString().stripTrailing());
		}
		out.flush();
	}

	/**
	 * A time in the local zone, to the minute, or {@code -} for none.
	 */
	static String time(Instant at) {
		return (at != null) ? TIME.format(at) : "-";
	}

}
