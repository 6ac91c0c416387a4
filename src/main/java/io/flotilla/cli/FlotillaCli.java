package io.flotilla.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import io.flotilla.cli.client.ExitCodes;
import io.flotilla.cli.client.CliException;
import io.flotilla.cli.account.LoginCommand;
import io.flotilla.cli.account.TokenCommand;
import io.flotilla.cli.account.UserCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

/**
 * Entry point of the {@code flotilla} command.
 */
@Command(name = "flotilla", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT, version = "flotilla 0.1.0",
		description = "Rolls out database upgrades across fleets of clusters on Kubernetes.",
		subcommands = { ServerCommand.class, PlanCommand.class, ReleaseCommand.class, ClaimsCommand.class,
				FreezeCommand.class, ScheduleCommand.class, LoginCommand.class, TokenCommand.class, UserCommand.class,
				SandboxCommand.class, DemoCommand.class, BenchCommand.class, RehearseCommand.class })
public final class FlotillaCli {

	public static void main(String[] args) {
		quietLoggingUntilSpringConfiguresIt();
		int exitCode = commandLine().execute(args);
		if (exitCode != ExitCodes.OK || !ServerCommand.isServing()) {
			System.exit(exitCode);
		}
	}

	/**
	 * Logback's default configuration prints INFO to the console: embedded PostgreSQL's
	 * start-up (initdb, the postmaster's output), started by the bench before any Spring
	 * context, would fill the terminal. Warnings still show. Spring Boot resets these
	 * levels when it configures logging, so a server's log is as its configuration says.
	 */
	static void quietLoggingUntilSpringConfiguresIt() {
		if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logback) {
			logback.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);
		}
	}

	static CommandLine commandLine() {
		CommandLine commandLine = new CommandLine(new FlotillaCli());
		commandLine.setExecutionExceptionHandler((ex, line, parseResult) -> {
			if (ex instanceof CliException cli) {
				line.getErr().println("error: " + cli.getMessage());
				return cli.exitCode();
			}
			throw ex;
		});
		commandLine.setParameterExceptionHandler((ex, args) -> {
			// picocli's messages about argument groups alone begin with "Error: "
			ex.getCommandLine().getErr().println("error: " + ex.getMessage().replaceFirst("^Error: ", ""));
			ex.getCommandLine().usage(ex.getCommandLine().getErr());
			return ExitCodes.BAD_INPUT;
		});
		return commandLine;
	}

}
