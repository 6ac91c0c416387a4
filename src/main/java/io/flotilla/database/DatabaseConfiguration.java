package io.flotilla.database;

import java.nio.file.Path;
import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Starts the embedded PostgreSQL unless {@code spring.datasource.url} names a server, and
 * connects to it with the password kept next to its data directory.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(DatabaseConfiguration.NoDataSourceUrl.class)
class DatabaseConfiguration {

	@Bean(destroyMethod = "close")
	EmbeddedPostgresServer embeddedPostgresServer(DatabaseProperties properties) {
		return EmbeddedPostgresServer.start(Path.of(properties.directory()));
	}

	@Bean
	@ConfigurationProperties("spring.datasource.hikari")
	HikariDataSource dataSource(EmbeddedPostgresServer server, DataSourceProperties properties) {
		properties.setUrl(server.jdbcUrl("postgres"));
		properties.setUsername(EmbeddedPostgresServer.USER);
		properties.setPassword(server.password());
		return properties.initializeDataSourceBuilder().type(HikariDataSource.class).build();
	}

	static class NoDataSourceUrl implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return !context.getEnvironment().containsProperty("spring.datasource.url");
		}

	}

}
