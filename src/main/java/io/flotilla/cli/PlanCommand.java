package io.flotilla.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.flotilla.cli.client.ExitCodes;
import io.flotilla.cli.client.CliException;
import io.flotilla.cli.client.ServerClient;
import io.flotilla.fleet.Fleet;
import io.flotilla.fleet.FleetSettings;
import io.flotilla.plan.Durations;
import io.flotilla.plan.Plan;
import io.flotilla.plan.Stage;
import io.flotilla.plan.VersionSpec;
import io.flotilla.plan.yaml.PlanException;
import io.flotilla.plan.yaml.PlanLoader;
import io.flotilla.release.Claim;
import io.flotilla.release.FleetSnapshot;
import io.flotilla.release.PlannedCluster;
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

	static Plan load(Path file) {
		String text = read(file);
		try {
			return new PlanLoader().load(file.toString(), text);
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
			Optional<Map<String, Claim>> held = held(plan);
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
		 * The clusters of the plan's kind that active releases hold, by cluster; empty
		 * when no server answers, since a dry run must work without one.
		 */
		private Optional<Map<String, Claim>> held(Plan plan) {
			try {
				return Optional.of(new ServerClient(this.server).claims(null)
					.stream()
					.filter((claim) -> claim.kind().equals(plan.target().kind()))
					.collect(Collectors.toMap(Claim::cluster, Function.identity())));
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

	static void print(FleetSnapshot snapshot, Optional<Map<String, Claim>> held, Duration waveTime, PrintWriter out) {
		Plan plan = snapshot.plan();
		out.printf("plan %s: %s %s with %s -> %s%n", plan.name(), plan.target().apiVersion(), plan.target().kind(),
				plan.selector(), plan.targetVersion());
		if (plan.approval()) {
			out.printf("  approval%s before the release starts%n", by(plan.approvers()));
		}
		for (Stage stage : plan.stages()) {
			List<PlannedCluster> clusters = snapshot.inStage(stage.name());
			List<PlannedCluster> current = clusters.stream().filter(PlannedCluster::alreadyCurrent).toList();
			Map<Integer, List<PlannedCluster>> waves = snapshot.waves(stage.name());
			out.printf("%nstage %s: %d clusters in %d groups, %d to upgrade in %d waves, %d already at %s and ready%n",
					stage.name(), clusters.size(), stage.groups().size(), clusters.size() - current.size(),
					waves.size(), current.size(), plan.targetVersion());
			out.printf("  waves of %d%s, parallelism %d, ready timeout %s, failure budget %s, bake %s%n",
					stage.waveSize(),
					(stage.firstWaveSize() > 0) ? " after a first wave of " + stage.firstWaveSize() : "",
					stage.parallelism(), Durations.format(stage.readyTimeout()), stage.failureBudget(),
					Durations.format(stage.bake()));
			gates(stage).ifPresent((gates) -> out.printf("  gates: %s%n", gates));
			waves.forEach((wave, inWave) -> out.printf("  wave %d: %d clusters, versions %s%s%s%s%n", wave,
					inWave.size(), versions(inWave), notReady(inWave, plan.targetVersion()),
					newer(inWave, plan.version()), heldInWave(inWave, held)));
			current.forEach((cluster) -> out.printf("  already current: %s%n", cluster.cluster().key()));
		}
		held.ifPresent((claims) -> printClaims(snapshot, claims, out));
		out.printf("%nestimated minimum duration: %s (bakes plus %s per wave; set --wave-time)%n",
				Durations.format(snapshot.minimumDuration(waveTime)), Durations.format(waveTime));
		out.flush();
	}

	/**
	 * The gates of a stage and who may pass them, or empty when it has none.
	 */
	private static Optional<String> gates(Stage stage) {
		String by = by(stage.approvers());
		List<String> gates = new ArrayList<>();
		if (stage.approval()) {
			gates.add("approval" + by);
		}
		if (stage.pauseAfterFirstWave()) {
			gates.add("pause after the first wave" + by);
		}
		return gates.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", gates));
	}

	/**
	 * Who may pass a gate; nothing when anyone with the operator role may.
	 */
	private static String by(List<String> approvers) {
		if (approvers.isEmpty()) {
			return "";
		}
		int last = approvers.size() - 1;
		return (last == 0) ? " by " + approvers.get(0)
				: " by " + String.join(", ", approvers.subList(0, last)) + " or " + approvers.get(last);
	}

	private static String heldInWave(List<PlannedCluster> wave, Optional<Map<String, Claim>> held) {
		long count = held.map((claims) -> heldBy(wave, claims).size()).orElse(0);
		return (count > 0) ? ", " + count + " held by other releases" : "";
	}

	private static void printClaims(FleetSnapshot snapshot, Map<String, Claim> claims, PrintWriter out) {
		List<Claim> held = heldBy(snapshot.clusters(), claims);
		if (held.isEmpty()) {
			out.printf("%nclaims: no cluster of the plan is held by an active release%n");
			return;
		}
		String outcome = switch (snapshot.plan().onConflict()) {
			case REFUSE -> "a release of this plan would be refused";
			case SKIP -> "a release of this plan would leave them out";
			case WAIT -> "a release of this plan would wait for them stage by stage";
		};
		out.printf("%nclaims: %s; %s (onConflict: %s)%n", Claim.summary(held), outcome,
				snapshot.plan().onConflict().word());
	}

	private static List<Claim> heldBy(List<PlannedCluster> clusters, Map<String, Claim> claims) {
		return clusters.stream()
			.map((cluster) -> claims.get(cluster.cluster().key()))
			.filter(Objects::nonNull)
			.sorted(Comparator.comparing(Claim::holder).thenComparing(Claim::cluster))
			.toList();
	}

	/**
	 * Clusters of a wave newer than the target: downgraded when the plan allows it, left
	 * alone otherwise.
	 */
	private static String newer(List<PlannedCluster> wave, VersionSpec version) {
		long newer = wave.stream().filter((cluster) -> version.isNewerThanTarget(cluster.cluster().version())).count();
		if (newer == 0) {
			return "";
		}
		return version.allowDowngrade() ? ", WARNING: " + newer + " newer than " + version.target() + " downgraded"
				: ", " + newer + " newer than " + version.target() + " left alone";
	}

	/**
	 * Clusters of a wave at the target already, which are there because they are not
	 * ready: they are awaited, not patched.
	 */
	private static String notReady(List<PlannedCluster> wave, String target) {
		long atTarget = wave.stream().filter((cluster) -> target.equals(cluster.cluster().version())).count();
		return (atTarget > 0) ? ", " + atTarget + " at " + target + " but not ready (awaited)" : "";
	}

	private static Map<String, Long> versions(List<PlannedCluster> clusters) {
		return clusters.stream()
			.collect(Collectors.groupingBy((cluster) -> String.valueOf(cluster.cluster().version()), TreeMap::new,
					Collectors.counting()));
	}

}
