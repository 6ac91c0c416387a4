package io.flotilla.database;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the embedded PostgreSQL keeps its data.
 *
 * @param directory the data directory, relative to the working directory; the password
 * ({@value EmbeddedPostgresServer#PASSWORD_FILE}) and the binaries
 * ({@value EmbeddedPostgresServer#BINARIES_DIRECTORY}) are kept next to it
 */
@ConfigurationProperties("flotilla.database")
record DatabaseProperties(@DefaultValue(".flotilla/pgdata") String directory) {

}
