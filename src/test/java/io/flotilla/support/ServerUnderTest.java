package io.flotilla.support;

import io.flotilla.FlotillaApplication;
import io.flotilla.account.Actor;
import io.flotilla.account.Tokens;
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
 * with: its release service, its database, and HTTP, by default as the operator
 * {@value #TESTER}. A subclass brings its fleets as a {@link SpringFleet} and hands them
 * the registry of its {@code @DynamicPropertySource}.
 */
@SpringBootTest(classes = FlotillaApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@DirtiesContext
public abstract class ServerUnderTest {

	/**
	 * Who {@link #http} acts as.
	 */
	public static final String TESTER = "tester";

	@Autowired
	protected ReleaseService releases;

	@Autowired
	protected JdbcClient jdbc;

	@LocalServerPort
	protected int port;

	protected ReleaseTables tables;

	@Autowired
	protected Tokens tokens;

	protected TestHttp http;

	/**
	 * HTTP without credentials.
	 */
	protected TestHttp anonymous;

	@BeforeEach
	void connect() {
		this.tables = new ReleaseTables(this.jdbc);
		this.anonymous = new TestHttp(this.port);
		this.http = as(TestActors.operator(TESTER));
	}

	/**
	 * HTTP as that caller, through a token made for it: quicker than a password login,
	 * whose hash is slow on purpose.
	 */
	protected TestHttp as(Actor caller) {
		return this.anonymous.withToken(this.tokens.create(caller, "test", caller.role(), null).token());
	}

}
