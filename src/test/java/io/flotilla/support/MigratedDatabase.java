package io.flotilla.support;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A fresh database of {@link TestDatabases}, migrated by Flyway with the server's own
 * migrations, for tests that build the tables by hand instead of booting the server.
 *
 * @param url its JDBC URL (user {@code postgres}, the password
 * {@link TestDatabases#password(String)} knows)
 * @param dataSource a data source without a pool
 * @param jdbc a client over it
 * @param jdbcTemplate a template over it
 */
public record MigratedDatabase(String url, DataSource dataSource, JdbcClient jdbc, JdbcTemplate jdbcTemplate) {

	/**
	 * A new database migrated to the latest version.
	 */
	public static MigratedDatabase latest() {
		return migratedTo(null);
	}

	/**
	 * A new database migrated up to the given version, or to the latest when it is null.
	 */
	public static MigratedDatabase migratedTo(String version) {
		String url = TestDatabases.newDatabase();
		migrate(url, version);
		DataSource dataSource = TestDatabases.dataSource(url);
		return new MigratedDatabase(url, dataSource, JdbcClient.create(dataSource), new JdbcTemplate(dataSource));
	}

	/**
	 * Migrates this database on, to the latest version.
	 */
	public void migrateToLatest() {
		migrate(this.url, null);
	}

	private static void migrate(String url, String version) {
		var configuration = Flyway.configure()
			.dataSource(TestDatabases.dataSource(url))
			.locations("classpath:db/migration");
		if (version != null) {
			configuration.target(version);
		}
		configuration.load().migrate();
	}

}
