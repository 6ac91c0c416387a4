package io.flotilla.cli.account;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

import io.flotilla.account.IssuedToken;
import io.flotilla.account.Role;
import io.flotilla.account.TokenInfo;
import io.flotilla.cli.client.ExitCodes;
import io.flotilla.cli.client.ServerOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * API tokens, for scripts and CI that cannot type a password: made by a user for
 * themselves with at most their own role, listed, revoked.
 */
@Command(name = "token", description = "Make, list and revoke API tokens (talks to a running server).",
		subcommands = { TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class })
public class TokenCommand {

	@Command(name = "create",
			description = "Make a token and print it, once: the server keeps only its hash. Send it as FLOTILLA_TOKEN.")
	static class Create extends ServerOption implements Callable<Integer> {

		@Option(names = "--name", required = true, description = "what it is for, such as ci")
		String name;

		@Option(names = "--role", converter = UserCommand.RoleConverter.class,
				description = "viewer, operator or admin, at most your own (default: your own)")
		Role role;

		@Option(names = "--expires", description = "how long it lives, such as 90d (default: the server's)")
		String expires;

		/**
		 * The token alone on standard output, so that a script can capture it; what it is
		 * goes to standard error.
		 */
		@Override
		public Integer call() {
			IssuedToken issued = new AccountClient(client()).createToken(this.name, this.role, this.expires);
			out().println(issued.token());
			out().flush();
			TokenInfo info = issued.info();
			err().printf("shown once: store it now (token %d '%s', role %s, expires %s)%n", info.id(), info.name(),
					info.role().word(), Table.time(info.expiresAt()));
			return ExitCodes.OK;
		}

	}

	@Command(name = "list", description = "List your tokens; an admin's list holds everyone's.")
	static class ListTokens extends ServerOption implements Callable<Integer> {

		@Override
		public Integer call() {
			List<TokenInfo> tokens = new AccountClient(client()).tokens();
			if (tokens.isEmpty()) {
				out().println("no tokens");
				return ExitCodes.OK;
			}
			Instant now = Instant.now();
			Table table = new Table("ID", "NAME", "ROLE", "OWNER", "CREATED", "LAST USED", "EXPIRES", "STATE");
			for (TokenInfo token : tokens) {
				table.row(Long.toString(token.id()), token.name(), token.role().word(), token.owner(),
						Table.time(token.createdAt()), Table.time(token.lastUsedAt()), Table.time(token.expiresAt()),
						state(token, now));
			}
			table.print(out());
			return ExitCodes.OK;
		}

		static String state(TokenInfo token, Instant now) {
			if (token.revokedAt() != null) {
				return "revoked";
			}
			return now.isBefore(token.expiresAt()) ? "active" : "expired";
		}

	}

	@Command(name = "revoke", description = "Revoke a token at once; requests that send it are refused from then on.")
	static class Revoke extends ServerOption implements Callable<Integer> {

		@Parameters(paramLabel = "ID", description = "the token's id, as token list shows it")
		long id;

		@Override
		public Integer call() {
			TokenInfo token = new AccountClient(client()).revokeToken(this.id);
			out().printf("revoked token %d '%s' of %s%n", token.id(), token.name(), token.owner());
			return ExitCodes.OK;
		}

	}

}
