package io.flotilla.account;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Set;

import io.flotilla.secret.SecretFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creates the first admin of a database that has no user, so that there is never a
 * default password: it is {@code FLOTILLA_ADMIN_PASSWORD}, or the file
 * {@code flotilla.security.admin-password-file} names, or else generated and written to
 * {@code .flotilla/admin-password} (mode 0600), whose path, never the password, is
 * logged. Servers starting at once on one database wait for each other on a lock, and the
 * second finds the first's admin.
 */
@Component
class AdminBootstrap implements ApplicationRunner {

	static final String ADMIN = "admin";

	private static final Logger logger = LoggerFactory.getLogger(AdminBootstrap.class);

	private final UserTable users;

	private final Users service;

	private final AccountProperties properties;

	private final TransactionTemplate transaction;

	AdminBootstrap(UserTable users, Users service, AccountProperties properties, TransactionTemplate transaction) {
		this.users = users;
		this.service = service;
		this.properties = properties;
		this.transaction = transaction;
	}

	@Override
	public void run(ApplicationArguments args) {
		this.transaction.executeWithoutResult((status) -> {
			this.users.lockForBootstrap();
			if (this.users.isEmpty()) {
				createAdmin();
			}
		});
	}

	private void createAdmin() {
		Actor flotilla = Actor.system("flotilla");
		if (this.properties.adminPassword() != null && !this.properties.adminPassword().isEmpty()) {
			this.service.create(flotilla, ADMIN, Role.ADMIN, Set.of(), this.properties.adminPassword());
			logger.info("Created the first admin, '{}', with the password of FLOTILLA_ADMIN_PASSWORD", ADMIN);
			return;
		}
		if (this.properties.adminPasswordFile() != null) {
			Path file = this.properties.adminPasswordFile();
			String password = read(file);
			this.service.create(flotilla, ADMIN, Role.ADMIN, Set.of(), password);
			logger.info("Created the first admin, '{}', with the password in {}", ADMIN, file);
			return;
		}
		Path file = this.properties.generatedAdminPasswordFile().toAbsolutePath();
		String password = SecretFiles.generate();
		this.service.create(flotilla, ADMIN, Role.ADMIN, Set.of(), password);
		try {
			SecretFiles.write(file, password + "\n");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write the first admin's password to " + file, ex);
		}
		logger.info("Created the first admin, '{}', with a generated password in {} (readable by you only): "
				+ "log in with 'flotilla login --user {}'", ADMIN, file, ADMIN);
	}

	/**
	 * The file's first line. Its permissions are left alone: a mounted Kubernetes Secret
	 * is read-only, and who may read it is the cluster's business.
	 */
	private static String read(Path file) {
		try {
			String password = Files.readString(file, StandardCharsets.UTF_8).lines().findFirst().orElse("").strip();
			if (password.isEmpty()) {
				throw new IllegalStateException("flotilla.security.admin-password-file " + file + " is empty");
			}
			return password;
		}
		catch (NoSuchFileException ex) {
			throw new IllegalStateException(
					"flotilla.security.admin-password-file names " + file + ", which does not exist");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read the first admin's password from " + file, ex);
		}
	}

}
