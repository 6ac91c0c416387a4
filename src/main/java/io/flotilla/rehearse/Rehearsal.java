package io.flotilla.rehearse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.flotilla.plan.Durations;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The runs of one rehearsal and what they add up to: how many broken clusters a bad
 * version reaches before the plan stops it (median and worst over the seeds), and in how
 * many runs one got into production. That count is the rehearsal's verdict.
 *
 * @param planFile the plan rehearsed, as named
 * @param targetVersion the version under test
 * @param breaks the share of clusters that break at it, as the sandbox reads it
 * @param speed how many times faster than the plan the rehearsal ran
 * @param checks whether the plan's checks were kept
 * @param runs the runs, seed after seed
 * @param notCompressed what time compression does not reach, in words
 */
public record Rehearsal(String planFile, String targetVersion, String breaks, long speed, boolean checks,
		List<RunResult> runs, List<String> notCompressed) {

	private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	public Rehearsal {
		if (runs.isEmpty()) {
			throw new IllegalArgumentException("a rehearsal has at least one run");
		}
		runs = List.copyOf(runs);
		notCompressed = List.copyOf(notCompressed);
	}

	/**
	 * The median of the broken clusters reached per run; between the two middle runs for
	 * an even number of runs.
	 */
	public double medianBrokenReached() {
		List<Integer> sorted = this.runs.stream().map(RunResult::brokenReached).sorted().toList();
		int middle = sorted.size() / 2;
		return (sorted.size() % 2 == 1) ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2.0;
	}

	/**
	 * The most broken clusters reached in any run.
	 */
	public int worstBrokenReached() {
		return this.runs.stream().mapToInt(RunResult::brokenReached).max().getAsInt();
	}

	/**
	 * The runs in which a broken cluster was patched in a production stage.
	 */
	public int runsWithBrokenInProduction() {
		return (int) this.runs.stream().filter(RunResult::brokenInProduction).count();
	}

	/**
	 * The plan time of the whole plan: the median over the runs that completed (the
	 * shorter of the two middle ones for an even number), none when every run was
	 * stopped.
	 */
	public Optional<Duration> fullPlanTime() {
		List<Duration> completed = this.runs.stream()
			.filter(RunResult::completed)
			.map(RunResult::planTime)
			.sorted()
			.toList();
		return completed.isEmpty() ? Optional.empty() : Optional.of(completed.get((completed.size() - 1) / 2));
	}

	/**
	 * The stages marked {@code production: true}, by name.
	 */
	public List<String> productionStages() {
		return this.runs.get(0)
			.stages()
			.stream()
			.filter(RunResult.StageResult::production)
			.map(RunResult.StageResult::name)
			.toList();
	}

	/**
	 * One line for a run that just ended: how it ended and what it reached.
	 */
	public static String progressLine(int number, int total, RunResult run) {
		return String.format("run %d/%d, seed %d: %s after %s of plan time; %d broken clusters reached%s", number,
				total, run.seed(), outcome(run), hours(run.planTime()), run.brokenReached(),
				run.brokenInProduction() ? ", some in production" : "");
	}

	/**
	 * The rehearsal as a table of runs, a column per stage ("reached (broken)"), and the
	 * figures over the runs beneath it.
	 */
	public String table() {
		StringBuilder text = new StringBuilder();
		RunResult first = this.runs.get(0);
		text.append(String.format(
				"Rehearsal of %s -> %s: %d runs, seeds %d to %d, %s of the clusters break, "
						+ "speed %d, checks %s%n%n",
				this.planFile, this.targetVersion, this.runs.size(), first.seed(),
				this.runs.get(this.runs.size() - 1).seed(), this.breaks, this.speed, this.checks ? "on" : "off"));
		List<String> headers = new ArrayList<>(List.of("seed", "outcome", "stopped in", "after"));
		for (RunResult.StageResult stage : first.stages()) {
			headers.add(stage.name() + (stage.production() ? " (prod)" : "") + " " + stage.clusters());
		}
		headers.add("broken reached");
		List<List<String>> rows = new ArrayList<>();
		for (RunResult run : this.runs) {
			List<String> row = new ArrayList<>(List.of(Long.toString(run.seed()), outcome(run),
					(run.stoppedStage() != null)
							? run.stoppedStage() + ((run.stoppedGroup() != null) ? "/" + run.stoppedGroup() : "") : "-",
					hours(run.planTime())));
			for (RunResult.StageResult stage : run.stages()) {
				row.add(stage.reached() + " (" + stage.brokenReached() + " of " + stage.broken() + ")");
			}
			row.add(Integer.toString(run.brokenReached()));
			rows.add(row);
		}
		appendTable(text, headers, rows);
		text.append(
				String.format("%nEach stage: clusters patched (broken ones among them of the stage's broken ones).%n"));
		text.append(String.format("Broken clusters reached per run: median %s, worst %d.%n",
				number(medianBrokenReached()), worstBrokenReached()));
		text.append(String.format(
				"Runs in which a broken cluster reached production (%s): %d of %d.%n", productionStages().isEmpty()
						? "no stage is marked production: true" : String.join(", ", productionStages()),
				runsWithBrokenInProduction(), this.runs.size()));
		text.append(fullPlanTime()
			.map((time) -> String.format("The whole plan takes %s of plan time (median of the runs that completed).%n",
					hours(time)))
			.orElse(String.format("No run completed, so the whole plan's time was not measured.%n")));
		this.runs.stream()
			.filter((run) -> run.reason() != null)
			.forEach((run) -> text.append(String.format("  seed %d: %s%n", run.seed(), run.reason())));
		if (!this.notCompressed.isEmpty()) {
			text.append(String.format("%nNot compressed by --speed %d:%n", this.speed));
			this.notCompressed.forEach((note) -> text.append("  - ").append(note).append('\n'));
		}
		return text.toString();
	}

	/**
	 * The rehearsal as JSON: the figures over the runs, then every run with its stages.
	 */
	public String json() {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("plan", this.planFile);
		json.put("targetVersion", this.targetVersion);
		json.put("breaks", this.breaks);
		json.put("speed", this.speed);
		json.put("checks", this.checks);
		json.put("medianBrokenReached", medianBrokenReached());
		json.put("worstBrokenReached", worstBrokenReached());
		json.put("productionStages", productionStages());
		json.put("runsWithBrokenInProduction", runsWithBrokenInProduction());
		json.put("fullPlanTime", fullPlanTime().map(Durations::format).orElse(null));
		List<Map<String, Object>> runs = new ArrayList<>();
		for (RunResult run : this.runs) {
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("seed", run.seed());
			entry.put("outcome", run.outcome());
			entry.put("reason", run.reason());
			entry.put("stoppedByCheck", run.stoppedByCheck());
			entry.put("stoppedStage", run.stoppedStage());
			entry.put("stoppedGroup", run.stoppedGroup());
			entry.put("planTime", Durations.format(run.planTime()));
			entry.put("brokenReached", run.brokenReached());
			entry.put("brokenInProduction", run.brokenInProduction());
			entry.put("stages", run.stages());
			runs.add(entry);
		}
		json.put("runs", runs);
		json.put("notCompressed", this.notCompressed);
		return JSON.writeValueAsString(json);
	}

	private static String outcome(RunResult run) {
		return run.stoppedByCheck() ? run.outcome() + " by a check" : run.outcome();
	}

	/**
	 * A plan time to the second: rehearsals measure hours, not milliseconds.
	 */
	private static String hours(Duration time) {
		return Durations.format(Duration.ofSeconds(time.toSeconds()));
	}

	private static String number(double value) {
		return (value == Math.rint(value)) ? Long.toString((long) value) : Double.toString(value);
	}

	private static void appendTable(StringBuilder text, List<String> headers, List<List<String>> rows) {
		int[] widths = new int[headers.size()];
		for (int i = 0; i < widths.length; i++) {
			widths[i] = headers.get(i).length();
			for (List<String> row : rows) {
				widths[i] = Math.max(widths[i], row.get(i).length());
			}
		}
		appendRow(text, headers, widths);
		List<String> rule = new ArrayList<>();
		for (int width : widths) {
			rule.add("-".repeat(width));
		}
		appendRow(text, rule, widths);
		rows.forEach((row) -> appendRow(text, row, widths));
	}

	private static void appendRow(StringBuilder text, List<String> row, int[] widths) {
		StringBuilder line = new StringBuilder();
		for (int i = 0; i < row.size(); i++) {
			if (i > 0) {
				line.append("  ");
			}
			line.append(row.get(i)).append(" ".repeat(widths[i] - row.get(i).length()));
		}
		text.append(line.toString().stripTrailing()).append('\n');
	}

}
