package io.flotilla.cli.account;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;

import io.flotilla.account.Account;
import io.flotilla.account.Role;
import io.flotilla.cli.client.ExitCodes;
import io.flotilla.cli.client.ServerOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;

/**
 * Local users, managed by admins; a user may also set their own password.
 */
@Command(name = "user",
		description = "Create, list and disable local users, and set passwords (talks to a running server).",
		subcommands = { UserCommand.Create.class, UserCommand.Passwd.class, UserCommand.ListUsers.class,
				UserCommand.Disable.class })
public class UserCommand {

	@Command(name = "create", description = "Create a user with a role and groups (admins only).")
	static class Create extends ServerOption implements Callable<Integer> {

		@Parameters(paramLabel = "NAME")
		String name;

		@Option(names = "--role", required = true, converter = RoleConverter.class,
				description = "viewer, operator or admin")
		Role role;

		@Option(names = "--group", paramLabel = "GROUP",
				description = "a group approver lists may name; repeat for more")
		List<String> groups = new ArrayList<>();

		@Option(names = "--password-stdin",
				description = "read the password from the first line of standard input, not from the console")
		boolean passwordStdin;

		@Override
		public Integer call() {
			AccountClient.checkName(this.name);
			String password = PasswordInput.read(this.passwordStdin, "password for " + this.name + ": ", true);
			Account user = new AccountClient(client()).createUser(this.name, this.role, Set.copyOf(this.groups),
					password);
			out().printf("created user %s (%s, %s)%n", user.name(), user.role().word(),
					user.groups().isEmpty() ? "no groups" : "groups " + groups(user));
			return ExitCodes.OK;
		}

	}

	@Command(name = "passwd", description = "Set a user's password: your own, or anyone's as an admin.")
	static class Passwd extends ServerOption implements Callable<Integer> {

		@Parameters(paramLabel = "NAME")
		String name;

		@Option(names = "--password-stdin",
				description = "read the password from the first line of standard input, not from the console")
		boolean passwordStdin;

		@Override
		public Integer call() {
			AccountClient.checkName(this.name);
			String password = PasswordInput.read(this.passwordStdin, "new password for " + this.name + ": ", true);
			new AccountClient(client()).changePassword(this.name, password);
			out().printf("changed the password of %s%n", this.name);
			return ExitCodes.OK;
		}

	}

	@Command(name = "list", description = "List the local users (admins only).")
	static class ListUsers extends ServerOption implements Callable<Integer> {

		@Override
		public Integer call() {
			List<Account> users = new AccountClient(client()).users();
			if (users.isEmpty()) {
				out().println("no users");
				return ExitCodes.OK;
			}
			Table table = new Table("NAME", "ROLE", "GROUPS", "STATE", "CREATED");
			for (Account user : users) {
				table.row(user.name(), user.role().word(), user.groups().isEmpty() ? "-" : groups(user),
						user.disabled() ? "disabled" : "active", Table.time(user.createdAt()));
			}
			table.print(out());
			return ExitCodes.OK;
		}

	}

	@Command(name = "disable",
			description = "Disable a user: they can no longer log in, and their tokens stop working (admins only).")
	static class Disable extends ServerOption implements Callable<Integer> {

		@Parameters(paramLabel = "NAME")
		String name;

		@Override
		public Integer call() {
			new AccountClient(client()).disableUser(this.name);
			out().printf("disabled user %s: they can no longer log in, and their tokens no longer work%n", this.name);
			return ExitCodes.OK;
		}

	}

	/**
	 * A role as written on the command line, in any case.
	 */
	static class RoleConverter implements ITypeConverter<Role> {

		@Override
		public Role convert(String value) {
			try {
				return Role.parse(value);
			}
			catch (IllegalArgumentException ex) {
				throw new TypeConversionException(ex.getMessage());
			}
		}

	}

	private static String groups(Account user) {
		return String.join(",", new TreeSet<>(user.groups()));
	}

}
