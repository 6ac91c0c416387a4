package io.flotilla.support;

/**
 * The first admin every test server creates: its password comes from
 * {@code FLOTILLA_ADMIN_PASSWORD} (a child server) or
 * {@code flotilla.security.admin-password} (a server in the test's JVM), so no test
 * server writes a generated one anywhere.
 */
public final class TestAccounts {

	public static final String ADMIN = "admin";

	public static final String ADMIN_PASSWORD = "test-admin-password";

	private TestAccounts() {
	}

}
