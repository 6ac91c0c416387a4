package io.flotilla.cli;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import io.flotilla.cli.client.ExitCodes;
import io.flotilla.cli.client.CliException;
import io.flotilla.FlotillaApplication;
import io.flotilla.fleet.Fleet;
import io.flotilla.fleet.FleetSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

import org.springframework.boot.SpringApplication;

/**
 * Runs the Flotilla server until it is stopped.
 */
@Command(name = "server", description = "Run the Flotilla server: REST API, release jobs and timers.")
class ServerCommand implements Callable<Integer> {

	/**
	 * The exit code of {@code --check-only} when the arguments would start a server.
	 */
	static final int WOULD_START = 3;

	/**
	 * The environment variable that may hold the database password instead of
	 * {@code --db-password}, which any local user can read in the process list.
	 */
	static final String DB_PASSWORD_VARIABLE = "FLOTILLA_DB_PASSWORD";

	private static volatile boolean serving;

	@Option(names = "--port", description = "HTTP port (default: 8080)")
	Integer port;

	@Option(names = "--bind", paramLabel = "ADDRESS",
			description = "address to listen on (default: 127.0.0.1, this machine only); another one without TLS "
					+ "in front is warned about, since tokens and passwords would cross the network in clear")
	String bind;

	@Option(names = "--db-url",
			description = "JDBC URL of a PostgreSQL server (default: embedded PostgreSQL in .flotilla/)")
	String databaseUrl;

	@Option(names = "--db-user", description = "database user")
	String databaseUser;

	@Option(names = "--db-password", description = "database password (default: $" + DB_PASSWORD_VARIABLE
			+ ", which, unlike an option, the process list does not show)")
	String databasePassword;

	@Option(names = "--kubeconfig",
			description = "kubeconfig with the fleet's contexts (default: $KUBECONFIG or ~/.kube/config)")
	String kubeconfig;

	@Option(names = "--schedules", paramLabel = "DIR",
			description = "schedules directory: each *.yaml file in it starts releases of a plan in "
					+ "flotilla.schedules.plans (default: jobs) on a schedule (default: none, so no schedule runs)")
	String schedules;

	/**
	 * For the {@code flotilla} script, which records the class data sharing archive (a
	 * throwaway server and database) only before a server that will start: the command
	 * answers help, {@code --version} and bad usage as always, checks what it checks
	 * before a start, and exits {@link #WOULD_START} instead of starting.
	 */
	@Option(names = "--check-only", hidden = true)
	boolean checkOnly;

	@Unmatched
	List<String> springArguments = new ArrayList<>();

	static boolean isServing() {
		return serving;
	}

	@Override
	public Integer call() {
		if (this.databasePassword == null) {
			this.databasePassword = System.getenv(DB_PASSWORD_VARIABLE);
		}
		List<String> arguments = arguments();
		if (this.kubeconfig != null) {
			checkKubeconfig();
		}
		if (this.databaseUrl != null) {
			checkDatabase();
		}
		if (this.checkOnly) {
			return WOULD_START;
		}
		try {
			SpringApplication.run(FlotillaApplication.class, arguments.toArray(String[]::new));
		}
		catch (RuntimeException ex) {
			throw new CliException(ExitCodes.FAILED, "the server could not start: " + rootCause(ex));
		}
		serving = true;
		return ExitCodes.OK;
	}

	/**
	 * The server's arguments: the options as the properties they set, after whatever else
	 * was given, which Spring reads as it is.
	 */
	List<String> arguments() {
		List<String> arguments = new ArrayList<>(this.springArguments);
		add(arguments, "server.port", this.port);
		add(arguments, "server.address", this.bind);
		add(arguments, "spring.datasource.url", this.databaseUrl);
		add(arguments, "spring.datasource.username", this.databaseUser);
		add(arguments, "spring.datasource.password", this.databasePassword);
		add(arguments, "flotilla.kubeconfig", this.kubeconfig);
		add(arguments, "flotilla.schedules.directory", this.schedules);
		return arguments;
	}

	/**
	 * Refuses a kubeconfig named on the command line that gives the server no context,
	 * before anything starts: the server reads it once, so a server started with a
	 * mistyped path would refuse every plan until it is restarted. Without
	 * {@code --kubeconfig} a server starts without a fleet, as on a fresh machine, and
	 * logs why it has none.
	 */
	private void checkKubeconfig() {
		Optional<String> whyNoContexts;
		try (Fleet fleet = new Fleet(FleetSettings.defaults(Path.of(this.kubeconfig)))) {
			whyNoContexts = fleet.whyNoContexts();
		}
		catch (RuntimeException ex) {
			throw new CliException(ExitCodes.BAD_INPUT,
					"cannot read the kubeconfig " + this.kubeconfig + ": " + rootCause(ex));
		}
		if (whyNoContexts.isPresent()) {
			throw new CliException(ExitCodes.BAD_INPUT, whyNoContexts.get() + ": the server would refuse every plan");
		}
	}

	/**
	 * Fails before anything starts when the database cannot be reached, with one line
	 * instead of a start-up failure report.
	 */
	private void checkDatabase() {
		DriverManager.setLoginTimeout(10);
		try (Connection connection = DriverManager.getConnection(this.databaseUrl, this.databaseUser,
				this.databasePassword)) {
			connection.isValid(5);
		}
		catch (SQLException ex) {
			throw new CliException(ExitCodes.FAILED,
					"cannot connect to the database at " + this.databaseUrl + ": " + rootCause(ex));
		}
	}

	private static void add(List<String> arguments, String property, Object value) {
		if (value != null) {
			arguments.add("--" + property + "=" + value);
		}
	}

	static String rootCause(Throwable ex) {
		Throwable cause = ex;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		return (cause.getMessage() != null) ? cause.getMessage() : cause.toString();
	}

}
