package io.flotilla.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.flotilla.bench.BakeLateness.Bake;
import io.flotilla.bench.BenchReport.Figure;
import io.flotilla.sandbox.SandboxFleet;
import io.flotilla.sandbox.SandboxOptions;

/**
 * Part 6 across a restart: a server in a child JVM is killed with SIGKILL while a bake
 * runs, and a new one starts on the same database only after the bake's recorded end. How
 * long until the next stage starts, from the new JVM's launch and from its API answering
 * (start-up and catch-up apart), and whether the bake was kept whole.
 */
final class BakeRestart {

	/**
	 * Quartz's idle wait ({@code application.yml}): a server claims a timer up to this
	 * long before it is due.
	 */
	static final Duration CLAIM_AHEAD = Duration.ofSeconds(5);

	/**
	 * Long enough that the server, killed as soon as the bake is recorded, dies more than
	 * {@link #CLAIM_AHEAD} before its end, so it has not claimed the timer: the new
	 * server finds it overdue, as it would after a bake of hours.
	 */
	static final Duration BAKE = Duration.ofSeconds(8);

	/**
	 * How long after the bake's end the new JVM is launched, so that the restart clearly
	 * spans it.
	 */
	static final Duration PAST_DUE = Duration.ofSeconds(2);

	private static final String ID = "timers-restart";

	private static final Duration TIMEOUT = Duration.ofMinutes(2);

	private BakeRestart() {
	}

	static void measure(BenchOptions options, Scale.Say say, List<Figure> figures) throws Exception {
		Path directory = options.directory().resolve("timers-restart");
		say.say("6. timers across a restart: a bake of %s, SIGKILL while it runs, new JVM %s after its end",
				Bench.seconds(BAKE), Bench.seconds(PAST_DUE));
		SandboxOptions sandbox = SandboxOptions.defaults()
			.withClusters(6)
			.withRegionCount(1)
			.withFailRate(0)
			.withSlowRate(0)
			.withPodRestart(Duration.ZERO)
			.withDirectory(directory.resolve("sandbox"));
		try (SandboxFleet fleet = SandboxFleet.start(sandbox)) {
			int port = Scale.freePort();
			HttpApi api = new HttpApi("http://127.0.0.1:" + port, ChildJvm.adminPasswordFile(directory));
			Instant due;
			Instant killed;
			try (ChildJvm a = ChildJvm.server(List.of(), fleet.kubeconfig(), directory, port, "server-a")) {
				api.awaitUp(TIMEOUT, a::isAlive);
				api.start(ID, Plans.bakes(ID, "96.1", fleet.contexts(), List.of("tenant-0001", "tenant-0002"), BAKE));
				due = awaitBaking(api);
				a.kill();
				killed = Instant.now();
			}
			Duration wait = Duration.between(Instant.now(), due.plus(PAST_DUE));
			if (!wait.isNegative()) {
				Thread.sleep(wait.toMillis());
			}
			Instant launched = Instant.now();
			try (ChildJvm b = ChildJvm.server(List.of(), fleet.kubeconfig(), directory, port, "server-b")) {
				api.awaitUp(TIMEOUT, b::isAlive);
				Instant answered = Instant.now();
				Instant nextStage = awaitNextStage(api);
				String state = (nextStage != null) ? api.awaitEnd(ID, TIMEOUT) : api.status(ID).get("state").asString();
				b.stop();
				report(new Outcome(due, killed, launched, answered, nextStage), state, say, figures);
			}
		}
	}

	/**
	 * Waits until the first stage's bake is recorded and the release holds on its timer.
	 * @return the bake's recorded end
	 */
	private static Instant awaitBaking(HttpApi api) throws IOException, InterruptedException {
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			List<Bake> bakes = BakeLateness.bakes(api.events(ID));
			if (!bakes.isEmpty() && api.status(ID).get("state").asString().equals("BAKING")) {
				return bakes.get(0).due();
			}
			Thread.sleep(50);
		}
		throw new IllegalStateException("release " + ID + " did not start baking within " + TIMEOUT);
	}

	/**
	 * @return when the stage after the bake started, or null if it had not started within
	 * the timeout
	 */
	private static Instant awaitNextStage(HttpApi api) throws IOException, InterruptedException {
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			List<Bake> bakes = BakeLateness.bakes(api.events(ID));
			if (!bakes.isEmpty() && bakes.get(0).nextStage() != null) {
				return bakes.get(0).nextStage();
			}
			Thread.sleep(50);
		}
		return null;
	}

	private static void report(Outcome outcome, String state, Scale.Say say, List<Figure> figures) {
		List<String> problems = new ArrayList<>(outcome.problems());
		if (!state.equals("COMPLETED")) {
			problems.add("the release was " + state + ", not COMPLETED");
		}
		String how = String.format(
				"bake of %s; first server killed (SIGKILL) %s before the bake's recorded end, new JVM launched %s after"
						+ " it on the same database; the new server answered its API %s after its launch",
				Bench.seconds(BAKE), Bench.seconds(Duration.between(outcome.killed(), outcome.due())),
				Bench.seconds(Duration.between(outcome.due(), outcome.launched())),
				Bench.seconds(Duration.between(outcome.launched(), outcome.answered())));
		if (!problems.isEmpty()) {
			problems.forEach((problem) -> say.say("   INVARIANT FAILED: %s", problem));
			how = "INVARIANT FAILED: " + String.join("; ", problems) + ". " + how;
		}
		else {
			say.say("   next stage %s after the new JVM's launch, %s after its API answered, %s after the bake's end",
					Bench.seconds(outcome.fromLaunch()), Bench.seconds(outcome.fromAnswer()),
					Bench.seconds(outcome.lateness()));
		}
		String invalid = "INVALID, see note";
		figures.add(
				Figure
					.of("6", "bake across a restart: new JVM launch to next stage",
							problems.isEmpty() ? Bench.seconds(outcome.fromLaunch()) : invalid)
					.withNote(how));
		figures.add(Figure.of("6", "bake across a restart: new server answering to next stage",
				problems.isEmpty() ? Bench.seconds(outcome.fromAnswer()) : invalid));
		figures.add(Figure
			.of("6", "bake across a restart: next stage start - recorded bake end",
					(outcome.nextStage() != null) ? Bench.seconds(outcome.lateness()) : "never")
			.withTarget(">= 0 s (bake not shortened)", problems.isEmpty())
			.withNote("from BakeStarted.until to the next StageStarted event, both recorded by the servers"));
	}

	/**
	 * What one restart showed, every instant on this machine's clock (the servers record
	 * their events with the same one).
	 *
	 * @param due the bake's end recorded in {@code BakeStarted}
	 * @param killed when the first server was dead
	 * @param launched when the new JVM was launched
	 * @param answered when the new server first answered its API
	 * @param nextStage when the next stage started ({@code StageStarted}), or null if it
	 * did not
	 */
	record Outcome(Instant due, Instant killed, Instant launched, Instant answered, Instant nextStage) {

		Duration fromLaunch() {
			return Duration.between(this.launched, this.nextStage);
		}

		Duration fromAnswer() {
			return Duration.between(this.answered, this.nextStage);
		}

		Duration lateness() {
			return Duration.between(this.due, this.nextStage);
		}

		/**
		 * @return each invariant that does not hold, as a sentence; empty when the
		 * figures can be trusted
		 */
		List<String> problems() {
			List<String> problems = new ArrayList<>();
			if (!this.killed.isBefore(this.due)) {
				problems.add("the first server died " + Bench.seconds(Duration.between(this.due, this.killed))
						+ " after the bake's end, so the restart did not span it");
			}
			else if (Duration.between(this.killed, this.due).compareTo(CLAIM_AHEAD) <= 0) {
				problems.add("the first server died only " + Bench.seconds(Duration.between(this.killed, this.due))
						+ " before the bake's end, when it may have claimed the timer already (a different path)");
			}
			if (!this.launched.isAfter(this.due)) {
				problems.add("the new JVM was launched before the bake's end");
			}
			if (this.nextStage == null) {
				problems
					.add("the next stage had not started " + TIMEOUT.toSeconds() + " s after the new server answered");
			}
			else if (this.nextStage.isBefore(this.due)) {
				problems.add("the bake was shortened: the next stage started "
						+ Bench.seconds(Duration.between(this.nextStage, this.due)) + " before its recorded end");
			}
			return problems;
		}

	}

}
