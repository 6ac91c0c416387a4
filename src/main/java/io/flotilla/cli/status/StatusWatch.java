package io.flotilla.cli.status;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.flotilla.plan.Durations;
import io.flotilla.release.ReleaseStatus;
import io.flotilla.release.StageProgress;

/**
 * Follows a release until it settles (ends, or waits for a person). In a terminal it
 * redraws the {@link StatusView} block in place on every look, as
 * {@code kubectl argo rollouts get rollout -w} does; into a file or a pipe it writes one
 * line each time the progress changes, so a log of the watch stays readable.
 */
public final class StatusWatch {

	/** Failed clusters the redrawn block shows, the latest first in their stages. */
	private static final int FAILURES_SHOWN = 5;

	private static final String CURSOR_UP_AND_CLEAR = "\u001b[%dF\u001b[J";

	private final PrintWriter out;

	private final boolean terminal;

	private final Duration poll;

	private final Clock clock;

	private int linesDrawn;

	private String lastLine = "";

	/**
	 * @param terminal whether {@code out} is a terminal that understands cursor moves
	 */
	public StatusWatch(PrintWriter out, boolean terminal, Duration poll, Clock clock) {
		this.out = out;
		this.terminal = terminal;
		this.poll = poll;
		this.clock = clock;
	}

	/**
	 * Whether this process writes to a terminal: the JDK gives a console only to an
	 * interactive one.
	 */
	public static boolean inTerminal() {
		return System.console() != null;
	}

	/**
	 * Looks at the release every poll until it settles or the deadline passes.
	 * @param status reads the release's status
	 * @return the last status read: settled, or the one at the deadline
	 */
	public ReleaseStatus follow(Supplier<ReleaseStatus> status, Instant deadline) throws InterruptedException {
		Instant started = this.clock.instant();
		while (true) {
			ReleaseStatus release = status.get();
			show(release, started);
			if (release.state().isSettled() || !this.clock.instant().isBefore(deadline)) {
				return release;
			}
			Thread.sleep(this.poll.toMillis());
		}
	}

	private void show(ReleaseStatus release, Instant started) {
		Instant now = this.clock.instant();
		if (this.terminal) {
			redraw(StatusView.lines(release, now, FAILURES_SHOWN));
			return;
		}
		String line = progressLine(release, now);
		if (!line.equals(this.lastLine)) {
			this.out.printf("[%s] %s%n", Durations.format(Duration.between(started, now).withNanos(0)), line);
			this.out.flush();
			this.lastLine = line;
		}
	}

	private void redraw(List<String> lines) {
		if (this.linesDrawn > 0) {
			this.out.print(CURSOR_UP_AND_CLEAR.formatted(this.linesDrawn));
		}
		lines.forEach(this.out::println);
		this.out.flush();
		this.linesDrawn = lines.size();
	}

	/**
	 * The release in one line: its state and each stage's done count, failures, clusters
	 * in flight and bake time left.
	 */
	static String progressLine(ReleaseStatus release, Instant now) {
		String stages = release.stages()
			.stream()
			.map((stage) -> stage.name() + " " + stage.done() + "/" + stage.clusters()
					+ ((stage.failed() > 0) ? " (" + stage.failed() + " failed)" : "")
					+ ((stage.inFlight() > 0) ? " " + stage.inFlight() + " in flight" : "") + bake(stage, now))
			.collect(Collectors.joining("  "));
		return release.state() + "  " + stages;
	}

	private static String bake(StageProgress stage, Instant now) {
		return (stage.bakeUntil() != null && now.isBefore(stage.bakeUntil()))
				? " baking " + Durations.format(Duration.between(now, stage.bakeUntil()).withNanos(0)) + " left" : "";
	}

}
