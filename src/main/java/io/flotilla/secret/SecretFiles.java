package io.flotilla.secret;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files that hold a secret (the embedded database's password, the first admin's password,
 * the CLI's token): readable by their owner only, written in one step, and taken back
 * from anyone else when a copy or an unzip left them readable.
 */
public final class SecretFiles {

	private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");

	private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final Logger logger = LoggerFactory.getLogger(SecretFiles.class);

	private SecretFiles() {
	}

	/**
	 * 256 random bits in URL-safe Base64: safe in a URL, a header and a shell word.
	 */
	public static String generate() {
		byte[] random = new byte[32];
		RANDOM.nextBytes(random);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
	}

	/**
	 * The file's first line, stripped, or empty when the file does not exist. A file
	 * others can read is made the owner's only first, with a warning.
	 * @throws IllegalStateException when the file exists but holds nothing
	 */
	public static Optional<String> read(Path file) throws IOException {
		if (!Files.exists(file)) {
			return Optional.empty();
		}
		Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
		if (!OWNER_ONLY_FILE.containsAll(permissions)) {
			logger.warn("{} was readable by others ({}); it is now readable by its owner only", file,
					PosixFilePermissions.toString(permissions));
			Files.setPosixFilePermissions(file, OWNER_ONLY_FILE);
		}
		String secret = Files.readString(file, StandardCharsets.UTF_8).lines().findFirst().orElse("").strip();
		if (secret.isEmpty()) {
			throw new IllegalStateException(file + " is empty");
		}
		return Optional.of(secret);
	}

	/**
	 * Writes the content, readable by the file's owner only, in one step: a reader sees
	 * the old content or the new one. A missing parent directory is created for the owner
	 * only.
	 */
	public static void write(Path file, String content) throws IOException {
		Path parent = file.toAbsolutePath().getParent();
		if (!Files.isDirectory(parent)) {
			privateDirectory(parent);
		}
		Path temporary = Files.createTempFile(parent, "." + file.getFileName(), ".tmp",
				PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE));
		try {
			Files.writeString(temporary, content, StandardCharsets.UTF_8);
			try {
				Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			}
			catch (AtomicMoveNotSupportedException ex) {
				Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
			}
		}
		finally {
			Files.deleteIfExists(temporary);
		}
	}

	/**
	 * Makes the directory, and any missing parent, the owner's only.
	 */
	public static Path privateDirectory(Path directory) throws IOException {
		if (!Files.isDirectory(directory)) {
			Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
		}
		Files.setPosixFilePermissions(directory, OWNER_ONLY_DIRECTORY);
		return directory;
	}

}
