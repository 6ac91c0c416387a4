package io.flotilla.bench;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.flotilla.bench.BenchReport.Figure;
import io.flotilla.bench.BenchReport.Verdict;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BenchReportTests {

	private final BenchReport report = new BenchReport(Instant.parse("2026-01-02T03:04:05Z"),
			Map.of("cores", "2", "jdk", "OpenJDK 17"), "quick",
			List.of(Figure.of("1", "clusters/s", "267.2 /s").withBaseline("232.6 /s plain loop"),
					Figure.of("1", "ratio", "1.15").withTarget(">= 0.80", true).withNote("both warmed up"),
					Figure.of("2", "makespan / bound", "1.34").withTarget("<= 1.10", false).withNote("waves wait")));

	@Test
	void tableAlignsColumnsAndNumbersNotes() {
		String table = this.report.table();
		assertThat(table).contains("flotilla bench (quick) 2026-01-02T03:04:05Z")
			.contains("  cores: 2")
			.contains("ratio [1]")
			.contains("makespan / bound [2]")
			.contains("[1] both warmed up")
			.contains("[2] waves wait")
			.contains("MISSED")
			.contains(" met");
		List<String> rows = table.lines().filter((line) -> line.startsWith("1 ") || line.startsWith("2 ")).toList();
		assertThat(rows).hasSize(3);
		int valueColumn = rows.get(0).indexOf("267.2");
		assertThat(rows.get(1).indexOf("1.15")).isEqualTo(valueColumn);
		assertThat(rows.get(2).indexOf("1.34")).isEqualTo(valueColumn);
		assertThat(rows.get(0)).contains("-").doesNotEndWith(" ");
	}

	@Test
	void jsonCarriesEveryFigure() {
		String json = this.report.json();
		assertThat(json).contains("\"mode\" : \"quick\"")
			.contains("\"verdict\" : \"MISSED\"")
			.contains("\"baseline\" : \"232.6 /s plain loop\"")
			.contains("\"cores\" : \"2\"");
	}

	@Test
	void verdictFollowsTheTarget() {
		assertThat(Figure.of("1", "x", "1").verdict()).isEqualTo(Verdict.NONE);
		assertThat(Figure.of("1", "x", "1").withTarget("t", true).verdict()).isEqualTo(Verdict.MET);
		assertThat(Figure.of("1", "x", "1").withTarget("t", false).verdict()).isEqualTo(Verdict.MISSED);
	}

}
