package io.flotilla.support;

import io.flotilla.FlotillaApplication;
import io.flotilla.release.ReleaseService;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The server in a Spring context of its own on a random port, and what a test reaches it
 * with: its release service, its database, and HTTP. A subclass brings its fleets as a
 * {@link SpringFleet} and hands them the registry of its {@code @DynamicPropertySource}.
 */
@SpringBootTest(classes = FlotillaApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@DirtiesContext
public abstract class ServerUnderTest {

	@Autowired
	protected ReleaseService releases;

	@Autowired
	protected JdbcClient jdbc;

	@LocalServerPort
	protected int port;

	protected ReleaseTables tables;

	protected TestHttp http;

	@BeforeEach
	void connect() {
		this.tables = new ReleaseTables(this.jdbc);
		this.http = new TestHttp(this.port);
	}

}
