package io.flotilla.database;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the embedded PostgreSQL keeps its data.
 *
 * @param directory the data directory, relative to the working directory
 */
@ConfigurationProperties("flotilla.database")
record DatabaseProperties(@DefaultValue(".flotilla/pgdata") String directory) {

}
