package io.flotilla.cli.account;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.flotilla.cli.client.Credentials;
import io.flotilla.account.IssuedToken;
import io.flotilla.cli.client.ExitCodes;
import io.flotilla.cli.client.ServerOption;
import io.flotilla.cli.client.ServerClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A password login that saves the short-lived token the server gives, for every other
 * command to send; the password is typed unseen or piped, never an argument.
 */
@Command(name = "login",
		description = "Log in to a server with your password and save the token it gives for the other commands (talks to a running server).")
public class LoginCommand extends ServerOption implements Callable<Integer> {

	@Option(names = "--user", defaultValue = "${env:USER}", description = "your user name (default: $USER)")
	String user;

	@Option(names = "--password-stdin",
			description = "read the password from the first line of standard input, not from the console")
	boolean passwordStdin;

	@Override
	public Integer call() {
		if (this.user == null || this.user.isBlank()) {
			throw usageError("--user NAME is needed: USER is not set");
		}
		ServerClient server = client();
		String password = PasswordInput.read(this.passwordStdin,
				"password for " + this.user + " at " + server.url() + ": ", false);
		IssuedToken issued = new AccountClient(server).login(this.user, password);
		Credentials credentials = Credentials.ofThisProcess();
		Path file = credentials.save(issued.token());
		out().printf("logged in to %s as %s (%s); token saved to %s, expires %s%n", server.url(), issued.info().owner(),
				issued.info().role().word(), file, Table.time(issued.info().expiresAt()));
		if (credentials.isTokenFromEnvironment()) {
			err().println("note: " + Credentials.TOKEN_VARIABLE + " is set, and is sent instead of the token saved");
		}
		return ExitCodes.OK;
	}

}
