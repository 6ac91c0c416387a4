package io.flotilla.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import io.flotilla.sandbox.SandboxFleet;
import io.flotilla.sandbox.SandboxOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Serves a simulated fleet until the process is stopped.
 */
@Command(name = "sandbox", description = "Serve a simulated fleet: one Kubernetes API per region, N database clusters, "
		+ "a controller that rolls their pods, and faults on demand.")
class SandboxCommand implements Callable<Integer> {

	static final String READY = "sandbox ready, kubeconfig: ";

	@Option(names = "--clusters", defaultValue = "300", description = "database clusters (default: ${DEFAULT-VALUE})")
	int clusters;

	@Option(names = "--regions", defaultValue = "3",
			description = "regions, each a kubeconfig context (default: ${DEFAULT-VALUE})")
	int regions;

	@Option(names = "--fail-rate", defaultValue = "0", converter = Converters.ShareConverter.class,
			description = "share of clusters that never become ready after a change, e.g. 0.02 or 2%%")
	double failRate;

	@Option(names = "--slow-rate", defaultValue = "0", converter = Converters.ShareConverter.class,
			description = "share of clusters whose pods restart ten times slower")
	double slowRate;

	@Option(names = "--api-error-rate", defaultValue = "0", converter = Converters.ShareConverter.class,
			description = "share of API requests answered with 429 or 500")
	double apiErrorRate;

	@Option(names = "--api-latency-rate", defaultValue = "0", converter = Converters.ShareConverter.class,
			description = "share of API requests whose answer is delayed by --api-latency")
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

	@Option(names = "--seed", defaultValue = "42",
			description = "seed of everything random (default: ${DEFAULT-VALUE})")
	long seed;

	@Option(names = "--dir", defaultValue = ".flotilla/sandbox",
			description = "where the kubeconfig is written (default: ${DEFAULT-VALUE})")
	Path directory;

	@Spec
	CommandSpec spec;

	@Override
	public Integer call() throws InterruptedException {
		SandboxOptions options;
		try {
			options = new SandboxOptions(this.clusters, SandboxOptions.regions(this.regions), this.failRate,
					this.slowRate, this.apiErrorRate, this.podRestart, this.seed, this.directory.toAbsolutePath(),
					this.podRestartTail, this.apiLatencyRate, this.apiLatency);
		}
		catch (IllegalArgumentException ex) {
			throw new CliException(ExitCodes.BAD_INPUT, ex.getMessage());
		}
		SandboxFleet fleet = SandboxFleet.start(options);
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			fleet.close();
			stopped.countDown();
		}));
		this.spec.commandLine().getOut().print(fleet.describe());
		this.spec.commandLine().getOut().println(READY + fleet.kubeconfig());
		this.spec.commandLine().getOut().flush();
		stopped.await();
		return ExitCodes.OK;
	}

}
