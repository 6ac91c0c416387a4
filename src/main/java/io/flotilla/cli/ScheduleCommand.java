package io.flotilla.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

import io.flotilla.cli.account.Table;
import io.flotilla.cli.client.CliException;
import io.flotilla.cli.client.ExitCodes;
import io.flotilla.cli.client.ServerOption;
import io.flotilla.plan.Durations;
import io.flotilla.plan.Schedule;
import io.flotilla.plan.yaml.PlanException;
import io.flotilla.plan.yaml.ScheduleLoader;
import io.flotilla.schedule.ScheduleService.FireView;
import io.flotilla.schedule.ScheduleService.ScheduleView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Schedules: read, paused, resumed and fired through the server's REST API, and a
 * schedule file checked without one. The schedules themselves are the files of the
 * server's schedules directory; nothing here changes one.
 */
@Command(name = "schedule",
		description = "List, show, pause, resume and fire schedules (talks to a running server), or validate a schedule file.",
		subcommands = { ScheduleCommand.ListSchedules.class, ScheduleCommand.Show.class, ScheduleCommand.Pause.class,
				ScheduleCommand.Resume.class, ScheduleCommand.Trigger.class, ScheduleCommand.Validate.class })
class ScheduleCommand {

	private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'", Locale.ENGLISH)
		.withZone(ZoneOffset.UTC);

	@Command(name = "list", description = "List the schedules with their next and last fires.")
	static class ListSchedules extends ServerOption implements Callable<Integer> {

		@Override
		public Integer call() {
			print(client().schedules(), out());
			return ExitCodes.OK;
		}

	}

	@Command(name = "show",
			description = "Show a schedule: its settings, next and last fires, denied versions and problems.")
	static class Show extends ServerOption implements Callable<Integer> {

		@Parameters(paramLabel = "NAME")
		String name;

		@Override
		public Integer call() {
			show(client().schedule(this.name), out());
			return ExitCodes.OK;
		}

	}

	@Command(name = "pause", description = "Stop a schedule firing until it is resumed; it holds on every server.")
	static class Pause extends ServerOption implements Callable<Integer> {

		@Parameters(paramLabel = "NAME")
		String name;

		@Option(names = "--reason", description = "why, recorded in the audit log")
		String reason;

		@Override
		public Integer call() {
			ScheduleView schedule = client().pauseSchedule(this.name, this.reason);
			out().printf("pause: schedule %s is %s%n", schedule.name(), state(schedule));
			return ExitCodes.OK;
		}

	}

	@Command(name = "resume", description = "Let a paused schedule fire again, from its next due time.")
	static class Resume extends ServerOption implements Callable<Integer> {

		@Parameters(paramLabel = "NAME")
		String name;

		@Option(names = "--reason", description = "why, recorded in the audit log")
		String reason;

		@Override
		public Integer call() {
			ScheduleView schedule = client().resumeSchedule(this.name, this.reason);
			out().printf("resume: schedule %s is %s, next fire %s%n", schedule.name(), state(schedule),
					nextFire(schedule));
			return ExitCodes.OK;
		}

	}

	@Command(name = "trigger",
			description = "Fire a schedule now, by its rules but the cron expression; exits 1 when the fire is skipped.")
	static class Trigger extends ServerOption implements Callable<Integer> {

		@Parameters(paramLabel = "NAME")
		String name;

		@Override
		public Integer call() {
			FireView fire = client().triggerSchedule(this.name);
			if ("STARTED".equals(fire.outcome())) {
				out().printf("trigger: schedule %s started release %s at version %s%n", this.name, fire.releaseId(),
						fire.version());
				out().printf("follow it with: flotilla release status %s%n", fire.releaseId());
				return ExitCodes.OK;
			}
			out().printf("trigger: schedule %s %s: %s%n", this.name, fire.outcome().toLowerCase(Locale.ROOT),
					fire.detail());
			return "QUEUED".equals(fire.outcome()) ? ExitCodes.OK : ExitCodes.FAILED;
		}

	}

	@Command(name = "validate",
			description = { "Check a schedule file without a server and report every problem with file:line:column.",
					"Its plan must be a file in --plans. The user it runs as is not checked here: "
							+ "the server checks it when it loads the file." })
	static class Validate implements Callable<Integer> {

		@Parameters(paramLabel = "FILE", description = "schedule file, e.g. schedules/nightly.yaml")
		Path file;

		@Option(names = "--plans", paramLabel = "DIR", defaultValue = "jobs",
				description = "the plans directory the schedule's plan is a file in (default: ${DEFAULT-VALUE})")
		Path plans;

		@Spec
		CommandSpec spec;

		@Override
		public Integer call() {
			String text = PlanCommand.read(this.file);
			Schedule schedule;
			try {
				schedule = new ScheduleLoader(this::planProblem, (user) -> Optional.empty()).load(this.file.toString(),
						text);
			}
			catch (PlanException ex) {
				throw new CliException(ExitCodes.BAD_INPUT, "invalid schedule\n" + ex.getMessage());
			}
			this.spec.commandLine()
				.getOut()
				.printf("%s: valid schedule %s: plan %s at '%s' in %s, version %s, as %s (the server checks the user)%n",
						this.file, schedule.name(), schedule.plan(), schedule.cron(), schedule.zone().getId(),
						schedule.version().describe(), schedule.runAs());
			return ExitCodes.OK;
		}

		/**
		 * The server's check of a plan name, against the plans directory given.
		 */
		private Optional<String> planProblem(String plan) {
			Optional<String> missing = ScheduleLoader.planMissing(this.plans, plan);
			if (missing.isPresent() && !Files.isDirectory(this.plans)) {
				return Optional.of("unknown plan '" + plan + "': the plans directory " + this.plans
						+ " does not exist (set --plans DIR)");
			}
			return missing;
		}

	}

	static void print(List<ScheduleView> schedules, PrintWriter out) {
		if (schedules.isEmpty()) {
			out.println(
					"no schedules (a server loads them from its schedules directory: flotilla server --schedules DIR)");
			out.flush();
			return;
		}
		Table table = new Table("NAME", "PLAN", "CRON", "NEXT FIRE", "NEXT FIRE UTC", "STATE", "LAST FIRE");
		for (ScheduleView schedule : schedules) {
			table.row(schedule.name(), orDash(schedule.plan()), cron(schedule), orDash(schedule.nextFireLocal()),
					utc(schedule.nextFire()), state(schedule), lastFire(schedule.lastFire()));
		}
		table.print(out);
	}

	static void show(ScheduleView schedule, PrintWriter out) {
		out.printf("schedule %s from %s: %s%n", schedule.name(), schedule.file(), state(schedule));
		if (schedule.cron() != null) {
			out.printf("  plan:        %s%n", schedule.plan());
			out.printf("  cron:        %s%n", cron(schedule));
			out.printf("  version:     %s%n", schedule.version());
			out.printf("  release id:  %s%n", schedule.idPattern());
			out.printf("  runs as:     %s%n", schedule.runAs());
			out.printf("  misfire:     %s%n", misfire(schedule));
			out.printf("  overlap:     %s%n", schedule.overlap());
			out.printf("  next fire:   %s%n", nextFire(schedule));
		}
		if (schedule.queuedDueAt() != null) {
			out.printf("  queued fire: due %s, waits for the previous release%n", utc(schedule.queuedDueAt()));
		}
		FireView last = schedule.lastFire();
		out.printf("  last fire:   %s%n", (last != null) ? last.outcome().toLowerCase(Locale.ROOT) + ", due "
				+ utc(last.dueAt()) + ", fired " + utc(last.firedAt()) + ": " + last.detail() : "none");
		if (schedule.denied().isEmpty()) {
			out.println("  denied versions: none");
		}
		else {
			out.println("  denied versions:");
			schedule.denied().forEach((denied) -> out.printf("    %s%n", denied));
		}
		if (!schedule.valid()) {
			out.println((schedule.cron() != null) ? "problems (its last valid version is what fires):"
					: "problems (it never loaded, so it does not fire):");
			schedule.problems().lines().forEach((problem) -> out.printf("  %s%n", problem));
		}
		out.flush();
	}

	/**
	 * {@code active}, or what keeps it from firing as its file says: invalid (with or
	 * without a last valid version that fires instead), paused, a fire queued.
	 */
	static String state(ScheduleView schedule) {
		List<String> states = new ArrayList<>();
		if (!schedule.valid()) {
			states.add((schedule.cron() != null) ? "invalid, its last valid version fires" : "invalid");
		}
		if (schedule.paused()) {
			states.add("paused");
		}
		if (schedule.queuedDueAt() != null) {
			states.add("queued");
		}
		return states.isEmpty() ? "active" : String.join(", ", states);
	}

	private static String cron(ScheduleView schedule) {
		return (schedule.cron() != null) ? schedule.cron() + " (" + schedule.zone() + ")" : "-";
	}

	private static String misfire(ScheduleView schedule) {
		return ("runOnce".equals(schedule.misfire()) && schedule.maxLateness() != null)
				? schedule.misfire() + ", at most " + Durations.format(schedule.maxLateness()) + " late"
				: schedule.misfire();
	}

	private static String nextFire(ScheduleView schedule) {
		if (schedule.nextFire() == null) {
			return schedule.paused() ? "none (paused)" : "none";
		}
		return schedule.nextFireLocal() + " (" + utc(schedule.nextFire()) + ")";
	}

	/**
	 * The outcome and the release it started, or why not, on one line.
	 */
	private static String lastFire(FireView fire) {
		if (fire == null) {
			return "-";
		}
		String outcome = fire.outcome().toLowerCase(Locale.ROOT);
		if (fire.releaseId() != null) {
			return outcome + " " + fire.releaseId();
		}
		return outcome + ": " + fire.detail().lines().findFirst().orElse("");
	}

	private static String utc(Instant at) {
		return (at != null) ? UTC.format(at) : "-";
	}

	private static String orDash(String text) {
		return (text != null) ? text : "-";
	}

}
