package io.flotilla.rehearse;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.flotilla.plan.check.Check;
import io.flotilla.sandbox.ClusterShape;
import io.flotilla.sandbox.SandboxOptions;

/**
 * What to rehearse and how.
 *
 * @param planFile the plan's file, as named in messages
 * @param planText the plan as written; the rehearsal compresses its waits itself
 * @param steps the reusable checks the plan may name, by name
 * @param sandbox the fleet at plan time, with the share of clusters that break; its
 * {@code seed} is the first run's, and its pod restarts and {@code breakAfter} are
 * compressed by the rehearsal
 * @param runs how many runs, each with the next seed
 * @param speed how many times faster than the plan, at least 1
 * @param checks whether to keep the plan's checks; without them the rehearsal shows what
 * they buy
 * @param timeout how long one run may take before the rehearsal gives up, in the
 * rehearsal's own time
 * @param directory where each run's sandbox, database and server log go
 * @param shape the clusters every run's sandbox holds, read from a real fleet (read by
 * the CLI's {@code --kubeconfig}); empty for the sandbox's own generated fleet
 */
public record RehearsalOptions(Path planFile, String planText, Map<String, Check> steps, SandboxOptions sandbox,
		int runs, long speed, boolean checks, Duration timeout, Path directory, List<ClusterShape> shape) {

	/** How often the server's checks look at clusters, unless told: its own default. */
	static final Duration CHECKS_INTERVAL = Duration.ofSeconds(10);

	public RehearsalOptions {
		Objects.requireNonNull(planFile, "planFile");
		Objects.requireNonNull(planText, "planText");
		steps = Map.copyOf(steps);
		Objects.requireNonNull(sandbox, "sandbox");
		if (runs < 1) {
			throw new IllegalArgumentException("--runs must be at least 1, was " + runs);
		}
		if (speed < 1) {
			throw new IllegalArgumentException("--speed must be at least 1 (1 is real time), was " + speed);
		}
		if (timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("--timeout must be longer than zero, was " + timeout);
		}
		Objects.requireNonNull(directory, "directory");
		shape = List.copyOf(shape);
	}

	/**
	 * The sandbox of one run: the given seed, its own directory, and pod restarts and the
	 * time a broken cluster looks healthy divided by the speed.
	 */
	SandboxOptions sandboxOf(long seed, Path directory) {
		return this.sandbox.withSeed(seed)
			.withDirectory(directory)
			.withPodRestart(compressed(this.sandbox.podRestart()))
			.withPodRestartTail(compressed(this.sandbox.podRestartTail()))
			.withBreakAfter(compressed(this.sandbox.breakAfter()));
	}

	/**
	 * A duration of plan time as rehearsal time: divided by the speed.
	 */
	Duration compressed(Duration duration) {
		return duration.dividedBy(this.speed);
	}

	/**
	 * A duration of rehearsal time as plan time: multiplied by the speed.
	 */
	Duration planTime(Duration duration) {
		return duration.multipliedBy(this.speed);
	}

}
