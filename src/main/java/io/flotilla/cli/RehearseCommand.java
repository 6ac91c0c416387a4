package io.flotilla.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import io.flotilla.cli.client.CliException;
import io.flotilla.cli.client.ExitCodes;
import io.flotilla.plan.check.Check;
import io.flotilla.plan.yaml.PlanException;
import io.flotilla.plan.yaml.PlanLoader;
import io.flotilla.plan.yaml.StepLoader;
import io.flotilla.rehearse.Rehearsal;
import io.flotilla.rehearse.RehearsalOptions;
import io.flotilla.rehearse.RehearsalRunner;
import io.flotilla.sandbox.ClusterShape;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Rehearses a plan against sandbox copies of the fleet in which the version under test
 * breaks some clusters, and says how many broken clusters it reaches; exits non-zero when
 * one got into a production stage in any run.
 */
@Command(name = "rehearse",
		description = "Run a plan, time compressed, against sandbox fleets in which its version breaks a share of the "
				+ "clusters, over several seeds, and count the broken clusters it reaches before it is stopped. "
				+ "Exits 1 when a broken cluster reached a stage marked production: true in any run.",
		defaultValueProvider = RehearseCommand.RehearsalFleet.class)
class RehearseCommand implements Callable<Integer> {

	@Parameters(paramLabel = "PLAN", description = "the plan file to rehearse")
	Path plan;

	@Mixin
	FleetOptions fleet;

	@Option(names = "--runs", defaultValue = "20",
			description = "runs, each on the next seed from --seed (default: ${DEFAULT-VALUE})")
	int runs;

	@Option(names = "--speed", defaultValue = "60",
			description = "how many times faster than the plan: bakes, soaks, ready timeouts, pod restarts, "
					+ "--break-after and the server's check interval are divided by it (default: ${DEFAULT-VALUE})")
	long speed;

	@Option(names = "--no-checks",
			description = "remove the plan's checks, to see what the same rehearsal reaches without them")
	boolean noChecks;

	@Option(names = "--timeout", defaultValue = "10m", converter = Converters.DurationConverter.class,
			description = "give up when one run takes longer than this, in rehearsal time (default: ${DEFAULT-VALUE})")
	Duration timeout;

	@Option(names = "--steps", defaultValue = "steps",
			description = "directory of the reusable checks the plan may name (default: ${DEFAULT-VALUE})")
	Path steps;

	@Option(names = "--dir", defaultValue = ".flotilla/rehearse",
			description = "working directory: each seed's sandbox and server log, and the PostgreSQL (default: ${DEFAULT-VALUE})")
	Path directory;

	@Option(names = "--kubeconfig", paramLabel = "FILE",
			description = "give every run's sandbox the shape of this real fleet: the clusters the plan finds "
					+ "there (contexts, namespaces, names, labels, versions), read with list calls only; "
					+ "--clusters and --regions are then unused")
	Path kubeconfig;

	@Option(names = "--context", paramLabel = "C",
			description = "with --kubeconfig, read only these of the plan's contexts (repeatable; default: all)")
	List<String> contexts = new ArrayList<>();

	@Option(names = "--json", description = "print the result as JSON; the progress goes to standard error")
	boolean json;

	@Spec
	CommandSpec spec;

	@Override
	public Integer call() throws InterruptedException {
		PrintWriter out = this.spec.commandLine().getOut();
		PrintWriter progress = this.json ? this.spec.commandLine().getErr() : out;
		Rehearsal rehearsal;
		try {
			String planText = PlanCommand.read(this.plan);
			Map<String, Check> steps = steps();
			RehearsalOptions options = new RehearsalOptions(this.plan, planText, steps,
					this.fleet.sandbox(this.directory), this.runs, this.speed, !this.noChecks, this.timeout,
					this.directory.toAbsolutePath(), shape(planText, steps));
			rehearsal = RehearsalRunner.run(options, progress);
		}
		catch (IllegalArgumentException ex) {
			throw new CliException(ExitCodes.BAD_INPUT, ex.getMessage());
		}
		catch (PlanException ex) {
			throw new CliException(ExitCodes.BAD_INPUT, "invalid plan\n" + ex.getMessage());
		}
		out.println();
		out.print(this.json ? rehearsal.json() + System.lineSeparator() : rehearsal.table());
		out.flush();
		return (rehearsal.runsWithBrokenInProduction() > 0) ? ExitCodes.FAILED : ExitCodes.OK;
	}

	private List<ClusterShape> shape(String planText, Map<String, Check> steps) {
		if (this.kubeconfig == null) {
			if (!this.contexts.isEmpty()) {
				throw new IllegalArgumentException("--context needs --kubeconfig");
			}
			return List.of();
		}
		if (!Files.isRegularFile(this.kubeconfig)) {
			throw new IllegalArgumentException("no kubeconfig at " + this.kubeconfig);
		}
		return FleetShape.read(new PlanLoader().withSteps(steps).load(this.plan.toString(), planText), this.kubeconfig,
				this.contexts);
	}

	private Map<String, Check> steps() {
		return Files.isDirectory(this.steps) ? new StepLoader().loadDirectory(this.steps) : Map.of();
	}

	/**
	 * A fleet whose clusters all roll, so that what the rehearsal counts is the breaking
	 * version alone: 2% of the clusters break.
	 */
	static class RehearsalFleet extends FleetOptions.Defaults {

		RehearsalFleet() {
			super(Map.of("--breaks", "2%"));
		}

	}

}
