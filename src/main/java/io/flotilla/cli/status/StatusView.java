package io.flotilla.cli.status;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import io.flotilla.plan.Durations;
import io.flotilla.release.ClusterFailure;
import io.flotilla.release.ReleaseStatus;
import io.flotilla.release.StageProgress;

/**
 * Renders a release's status for a terminal: one line per stage with a progress bar,
 * counts by outcome, the clusters in flight, the current wave and the bake time left,
 * then the failed clusters with their reasons. {@code release status} prints it once,
 * {@link StatusWatch} redraws it.
 */
public final class StatusView {

	private static final int BAR_WIDTH = 24;

	private static final int FAILURES_SHOWN = 20;

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z")
		.withZone(ZoneId.systemDefault());

	private StatusView() {
	}

	public static void print(ReleaseStatus release, Instant now, PrintWriter out) {
		lines(release, now, FAILURES_SHOWN).forEach(out::println);
		out.flush();
	}

	/**
	 * The status as lines: the release, one line per stage, and at most
	 * {@code failuresShown} failed clusters.
	 */
	static List<String> lines(ReleaseStatus release, Instant now, int failuresShown) {
		List<String> lines = new ArrayList<>();
		lines.add(String.format("release %s  %s%s", release.id(), release.state(),
				(release.reason() != null) ? "  (" + release.reason() + ")" : ""));
		lines.add(String.format("  plan %s (%s) -> %s, started by %s at %s", release.plan(), release.planFile(),
				release.targetVersion(), release.startedBy(), TIME.format(release.createdAt())));
		int nameWidth = release.stages().stream().mapToInt((stage) -> stage.name().length()).max().orElse(5);
		for (StageProgress stage : release.stages()) {
			lines.add("  " + stageLine(stage, nameWidth, now));
		}
		lines.addAll(failures(release, failuresShown));
		return lines;
	}

	static String stageLine(StageProgress stage, int nameWidth, Instant now) {
		StringBuilder line = new StringBuilder();
		line.append(String.format("%-" + nameWidth + "s %s %4d/%-4d upgraded %d, already current %d, %s%sfailed %d",
				stage.name(), bar(stage.done(), stage.clusters()), stage.done(), stage.clusters(), stage.upgraded(),
				stage.alreadyCurrent(), (stage.skippedNewer() > 0) ? "newer " + stage.skippedNewer() + ", " : "",
				(stage.skippedClaimed() > 0) ? "held by others " + stage.skippedClaimed() + ", " : "", stage.failed()));
		if (stage.unhealthy() > 0) {
			line.append(String.format(", unhealthy %d", stage.unhealthy()));
		}
		if (stage.skippedUnhealthy() > 0) {
			line.append(String.format(", unhealthy before patch %d", stage.skippedUnhealthy()));
		}
		if (stage.inFlight() > 0) {
			line.append(String.format(", in flight %d", stage.inFlight()));
		}
		if (stage.currentWave() != null && stage.done() > 0) {
			line.append(String.format(", wave %d/%d", stage.currentWave(), stage.waves()));
		}
		if (stage.bakeUntil() != null && now.isBefore(stage.bakeUntil())) {
			line.append(", baking ")
				.append(Durations.format(Duration.between(now, stage.bakeUntil()).withNanos(0)))
				.append(" left");
		}
		return line.toString();
	}

	private static List<String> failures(ReleaseStatus release, int shown) {
		long failed = release.stages().stream().mapToLong(StageProgress::failed).sum();
		List<String> lines = new ArrayList<>();
		if (failed == 0) {
			return lines;
		}
		lines.add(String.format("  failed clusters (%d):", failed));
		release.stages()
			.stream()
			.flatMap((stage) -> stage.failures().stream())
			.limit(shown)
			.forEach((failure) -> lines.add("    " + describe(failure)));
		if (failed > shown) {
			lines.add(String.format("    ... and %d more", failed - shown));
		}
		return lines;
	}

	private static String describe(ClusterFailure failure) {
		return failure.stage() + "  " + failure.cluster() + ": " + failure.reason();
	}

	private static String bar(int done, int total) {
		int filled = (total == 0) ? BAR_WIDTH : (int) ((long) done * BAR_WIDTH / total);
		return "[" + "#".repeat(filled) + "-".repeat(BAR_WIDTH - filled) + "]";
	}

}
