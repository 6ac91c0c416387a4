package io.flotilla.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import io.flotilla.cli.client.ExitCodes;
import io.flotilla.cli.client.CliException;
import io.flotilla.sandbox.SandboxFleet;
import io.flotilla.sandbox.SandboxOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

	@Mixin
	FleetOptions fleet;

	@Option(names = "--dir", defaultValue = ".flotilla/sandbox",
			description = "where the kubeconfig is written (default: ${DEFAULT-VALUE})")
	Path directory;

	@Spec
	CommandSpec spec;

	@Override
	public Integer call() throws InterruptedException {
		SandboxOptions options;
		try {
			options = this.fleet.sandbox(this.directory.toAbsolutePath());
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
