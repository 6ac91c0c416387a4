package io.flotilla.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.flotilla.plan.Durations;
import io.flotilla.sandbox.SandboxOptions;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * The shape and the faults of a sandbox fleet, shared by the commands that start one. A
 * command that wants other defaults (the demo shows a few failures) names them with
 * {@link Defaults}.
 */
class FleetOptions {

	@Option(names = "--clusters", defaultValue = "300", description = "database clusters (default: ${DEFAULT-VALUE})")
	int clusters;

	@Option(names = "--regions", defaultValue = "3",
			description = "regions, each a kubeconfig context (default: ${DEFAULT-VALUE})")
	int regions;

	@Option(names = "--fail-rate", defaultValue = "0", converter = Converters.ShareConverter.class,
			description = "share of clusters that never become ready after a change, e.g. 0.02 or 2%% (default: ${DEFAULT-VALUE})")
	double failRate;

	@Option(names = "--slow-rate", defaultValue = "0", converter = Converters.ShareConverter.class,
			description = "share of clusters whose pods restart ten times slower (default: ${DEFAULT-VALUE})")
	double slowRate;

	@Option(names = "--api-error-rate", defaultValue = "0", converter = Converters.ShareConverter.class,
			description = "share of API requests answered with 429 or 500 (default: ${DEFAULT-VALUE})")
	double apiErrorRate;

	@Option(names = "--api-latency-rate", defaultValue = "0", converter = Converters.ShareConverter.class,
			description = "share of API requests whose answer is delayed by --api-latency (default: ${DEFAULT-VALUE})")
	double apiLatencyRate;

	@Option(names = "--api-latency", defaultValue = "200ms", converter = Converters.DurationConverter.class,
			description = "how long a delayed API answer is held back (default: ${DEFAULT-VALUE})")
	Duration apiLatency;

	@Option(names = "--pod-restart", defaultValue = "2s", converter = Converters.DurationConverter.class,
			description = "time one pod takes to restart (default: ${DEFAULT-VALUE})")
	Duration podRestart;

	@Option(names = "--pod-restart-tail", defaultValue = "0s", converter = Converters.DurationConverter.class,
			description = "longer than --pod-restart: restart times are lognormal with --pod-restart as median and "
					+ "this as 99.9th percentile (default: all restarts take --pod-restart)")
	Duration podRestartTail;

	@Option(names = "--breaks", split = ",", paramLabel = "[VERSION=]P",
			description = "share of clusters upgraded to a version that turn Ready and then break quietly (errors in "
					+ "their metrics, logical errors in their logs, a restarting pod): P for any version, "
					+ "VERSION=P for one, e.g. 1%%,25.3=5%%; repeatable (default: none break)")
	List<String> breaks = new ArrayList<>();

	@Option(names = "--break-after", defaultValue = "30s", converter = Converters.DurationConverter.class,
			description = "how long a breaking cluster looks healthy after turning Ready (default: ${DEFAULT-VALUE})")
	Duration breakAfter;

	@Option(names = "--seed", defaultValue = "42",
			description = "seed of everything random (default: ${DEFAULT-VALUE})")
	long seed;

	/**
	 * @throws IllegalArgumentException when an option is out of range
	 */
	SandboxOptions sandbox(Path directory) {
		return new SandboxOptions(this.clusters, SandboxOptions.regions(this.regions), this.failRate, this.slowRate,
				this.apiErrorRate, this.podRestart, this.seed, directory, this.podRestartTail, this.apiLatencyRate,
				this.apiLatency, breaks(), this.breakAfter);
	}

	/**
	 * The same options as arguments of a {@code flotilla sandbox} child process.
	 */
	List<String> arguments() {
		List<String> arguments = new ArrayList<>(List.of("--clusters", Integer.toString(this.clusters), "--regions",
				Integer.toString(this.regions), "--fail-rate", Double.toString(this.failRate), "--slow-rate",
				Double.toString(this.slowRate), "--api-error-rate", Double.toString(this.apiErrorRate),
				"--api-latency-rate", Double.toString(this.apiLatencyRate), "--api-latency",
				Durations.format(this.apiLatency), "--pod-restart", Durations.format(this.podRestart),
				"--pod-restart-tail", Durations.format(this.podRestartTail), "--seed", Long.toString(this.seed),
				"--break-after", Durations.format(this.breakAfter)));
		if (!this.breaks.isEmpty()) {
			arguments.addAll(List.of("--breaks", breaks().toString()));
		}
		return List.copyOf(arguments);
	}

	/**
	 * @throws IllegalArgumentException when a rule of {@code --breaks} is not one
	 */
	SandboxOptions.Breaks breaks() {
		return this.breaks.isEmpty() ? SandboxOptions.Breaks.NONE
				: SandboxOptions.Breaks.parse(String.join(",", this.breaks));
	}

	/**
	 * A command's own defaults for some of the fleet options, by option name; help shows
	 * them as the defaults.
	 */
	abstract static class Defaults implements IDefaultValueProvider {

		private final Map<String, String> defaults;

		Defaults(Map<String, String> defaults) {
			this.defaults = defaults;
		}

		@Override
		public String defaultValue(ArgSpec argument) {
			return (argument instanceof OptionSpec option) ? this.defaults.get(option.longestName()) : null;
		}

	}

}
