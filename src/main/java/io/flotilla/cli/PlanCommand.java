package io.flotilla.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import io.flotilla.cli.client.ExitCodes;
import io.flotilla.cli.client.CliException;
import io.flotilla.cli.client.ServerClient;
import io.flotilla.fleet.Fleet;
import io.flotilla.fleet.FleetSettings;
import io.flotilla.plan.Plan;
import io.flotilla.plan.yaml.PlanException;
import io.flotilla.plan.yaml.PlanLoader;
import io.flotilla.plan.yaml.StepLoader;
import io.flotilla.release.Claim;
import io.flotilla.release.FleetSnapshot;
import io.flotilla.release.PlanPreview;
import io.flotilla.release.PlanPreview.StagePreview;
import io.flotilla.release.PlanPreview.WavePreview;
import io.flotilla.release.WavePlanner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Plans, checked and dry-run without a server.
 */
@Command(name = "plan", description = "Validate a plan, or show what a release of it would do.",
		subcommands = { PlanCommand.Validate.class, PlanCommand.Show.class })
class PlanCommand {

	/**
	 * Reads and validates a plan, with the steps of the {@code steps/} directory beside
	 * its own ({@code jobs/../steps}), as a server started in that checkout reads them.
	 */
	static Plan load(Path file) {
		String text = read(file);
		try {
			Path steps = file.toAbsolutePath().getParent().resolveSibling("steps");
			return new PlanLoader().withSteps(new StepLoader().loadDirectory(steps)).load(file.toString(), text);
		}
		catch (PlanException ex) {
			throw new CliException(ExitCodes.BAD_INPUT, "invalid plan\n" + ex.getMessage());
		}
	}

	/**
	 * The text of a plan file, or in one line why it cannot be read: a file that is not
	 * there is no invalid plan.
	 */
	static String read(Path file) {
		try {
			return PlanLoader.read(file);
		}
		catch (PlanException ex) {
			throw new CliException(ExitCodes.BAD_INPUT, ex.getMessage());
		}
	}

	@Command(name = "validate", description = "Check a plan and report every problem with file:line:column.")
	static class Validate implements Callable<Integer> {

		@Parameters(paramLabel = "PLAN")
		Path file;

		@Spec
		CommandSpec spec;

		@Override
		public Integer call() {
			Plan plan = load(this.file);
			this.spec.commandLine()
				.getOut()
				.printf("%s: valid plan %s, %d stages, %d groups, target version %s%n", this.file, plan.name(),
						plan.stages().size(), plan.groupCount(), plan.targetVersion());
			return ExitCodes.OK;
		}

	}

	@Command(name = "show", description = "Dry run: list the stages and waves with live cluster counts and versions.")
	static class Show implements Callable<Integer> {

		@Parameters(paramLabel = "PLAN")
		Path file;

		@Option(names = "--kubeconfig",
				description = "kubeconfig with the fleet's contexts (default: $KUBECONFIG or ~/.kube/config)")
		Path kubeconfig;

		@Option(names = "--wave-time", defaultValue = "1m", converter = Converters.DurationConverter.class,
				description = "assumed least time for one wave, for the estimate (default: ${DEFAULT-VALUE})")
		Duration waveTime;

		@Option(names = "--server", defaultValue = "http://127.0.0.1:8080",
				description = "server whose releases' claims the dry run shows (default: ${DEFAULT-VALUE})")
		String server;

		@Spec
		CommandSpec spec;

		@Override
		public Integer call() {
			Plan plan = load(this.file);
			Optional<List<Claim>> held = held();
			FleetSnapshot snapshot;
			try (Fleet fleet = new Fleet(FleetSettings.defaults(kubeconfigPath()))) {
				snapshot = new WavePlanner(fleet).snapshot(plan);
			}
			catch (IllegalArgumentException ex) {
				throw new CliException(ExitCodes.BAD_INPUT, ex.getMessage());
			}
			print(snapshot, held, this.waveTime, this.spec.commandLine().getOut());
			return ExitCodes.OK;
		}

		/**
		 * The clusters that active releases hold; empty when no server answers, since a
		 * dry run must work without one.
		 */
		private Optional<List<Claim>> held() {
			try {
				return Optional.of(new ServerClient(this.server).claims(null));
			}
			catch (CliException ex) {
				this.spec.commandLine().getErr().printf("claims not checked: %s%n", ex.getMessage());
				return Optional.empty();
			}
		}

		private Path kubeconfigPath() {
			if (this.kubeconfig != null) {
				return this.kubeconfig;
			}
			String fromEnvironment = System.getenv("KUBECONFIG");
			return (fromEnvironment != null) ? Path.of(fromEnvironment)
					: Path.of(System.getProperty("user.home"), ".kube", "config");
		}

	}

	static void print(FleetSnapshot snapshot, Optional<List<Claim>> claims, Duration waveTime, PrintWriter out) {
		PlanPreview preview = PlanPreview.of(snapshot, claims, waveTime);
		out.printf("plan %s: %s %s with %s -> %s%n", preview.plan(), preview.apiVersion(), preview.kind(),
				preview.selector(), preview.targetVersion());
		preview.gates().forEach((gate) -> out.printf("  %s before the release starts%n", gate));
		preview.stages().forEach((stage) -> print(preview, stage, out));
		if (preview.claims() != null) {
			out.printf("%nclaims: %s%n", preview.claims().line());
		}
		out.printf("%nestimated minimum duration: %s (bakes plus %s per wave; set --wave-time)%n",
				preview.estimatedDuration(), preview.waveTime());
		out.flush();
	}

	private static void print(PlanPreview preview, StagePreview stage, PrintWriter out) {
		out.printf("%nstage %s: %d clusters in %d groups, %d to upgrade in %d waves, %d already at %s and ready%n",
				stage.name(), stage.clusters(), stage.groups(), stage.toUpgrade(), stage.waves().size(),
				stage.alreadyCurrent().size(), preview.targetVersion());
		out.printf("  waves of %d%s, parallelism %d, ready timeout %s, failure budget %s, bake %s%n", stage.waveSize(),
				(stage.firstWaveSize() > 0) ? " after a first wave of " + stage.firstWaveSize() : "",
				stage.parallelism(), stage.readyTimeout(), stage.failureBudget(), stage.bake());
		if (!stage.gates().isEmpty()) {
			out.printf("  gates: %s%n", String.join(", ", stage.gates()));
		}
		stage.waves()
			.forEach((wave) -> out.printf("  wave %d: %d clusters, versions %s%s%s%s%n", wave.wave(), wave.clusters(),
					wave.versions(), notReady(wave, preview.targetVersion()), newer(wave, preview),
					(wave.held() > 0) ? ", " + wave.held() + " held by other releases" : ""));
		stage.alreadyCurrent().forEach((cluster) -> out.printf("  already current: %s%n", cluster));
	}

	/**
	 * Clusters of a wave newer than the target: downgraded when the plan allows it, left
	 * alone otherwise.
	 */
	private static String newer(WavePreview wave, PlanPreview preview) {
		if (wave.newer() == 0) {
			return "";
		}
		return preview.allowDowngrade()
				? ", WARNING: " + wave.newer() + " newer than " + preview.targetVersion() + " downgraded"
				: ", " + wave.newer() + " newer than " + preview.targetVersion() + " left alone";
	}

	/**
	 * Clusters of a wave at the target already, which are there because they are not
	 * ready: they are awaited, not patched.
	 */
	private static String notReady(WavePreview wave, String target) {
		return (wave.notReady() > 0) ? ", " + wave.notReady() + " at " + target + " but not ready (awaited)" : "";
	}

}
