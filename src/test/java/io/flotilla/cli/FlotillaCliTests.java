package io.flotilla.cli;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.logging.LoggingInitializationContext;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class FlotillaCliTests {

	private final Logger zonky = LoggerFactory.getLogger(EmbeddedPostgres.class);

	@Test
	void embeddedPostgresLogsOnlyWarningsUntilSpringConfiguresLogging() {
		FlotillaCli.quietLoggingUntilSpringConfiguresIt();

		assertThat(this.zonky.isInfoEnabled()).isFalse();
		assertThat(this.zonky.isWarnEnabled()).isTrue();

		LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
		logging.beforeInitialize();
		logging.initialize(new LoggingInitializationContext(new MockEnvironment()), null, null);
		try {
			assertThat(this.zonky.isInfoEnabled()).isTrue();
		}
		finally {
			logging.cleanUp();
		}
	}

}
