package io.flotilla.support;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.flotilla.database.EmbeddedPostgresServer;
import io.flotilla.sandbox.SandboxFleet;
import io.flotilla.sandbox.SandboxOptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * What a {@code @SpringBootTest} of the server runs against: one or more sandbox fleets,
 * reached through one kubeconfig, and a fresh database. A test class registers it as a
 * static extension with its own fleets, and hands it the registry from its
 * {@code @DynamicPropertySource}, where it adds any property of its own:
 *
 * <pre class="code">
 * &#64;RegisterExtension
 * static final SpringFleet fleets = SpringFleet.of(TestFleets.healthy(16, SandboxOptions.regions(4)));
 *
 * &#64;DynamicPropertySource
 * static void flotilla(DynamicPropertyRegistry registry) {
 * 	fleets.register(registry);
 * }
 * </pre>
 *
 * The fleets start when the Spring context asks for its properties, and stop after the
 * class's tests.
 */
public final class SpringFleet implements AfterAllCallback {

	private final List<SandboxOptions> options;

	private List<SandboxFleet> fleets = List.of();

	private Path kubeconfig;

	private SpringFleet(List<SandboxOptions> options) {
		this.options = options;
	}

	/**
	 * The fleets to start, the first one the main one; their region names must differ.
	 */
	public static SpringFleet of(SandboxOptions... fleets) {
		return new SpringFleet(Arrays.asList(fleets));
	}

	/**
	 * Starts the fleets, creates the database, and points the server at both; its first
	 * admin gets {@link TestAccounts#ADMIN_PASSWORD}.
	 */
	public void register(DynamicPropertyRegistry registry) {
		this.fleets = this.options.stream().map(SandboxFleet::start).toList();
		this.kubeconfig = (this.fleets.size() == 1) ? this.fleets.get(0).kubeconfig()
				: TestFleets.mergedKubeconfig(this.fleets.toArray(SandboxFleet[]::new));
		String database = TestDatabases.newDatabase();
		registry.add("spring.datasource.url", () -> database);
		registry.add("spring.datasource.username", () -> EmbeddedPostgresServer.USER);
		registry.add("spring.datasource.password", () -> TestDatabases.password(database));
		registry.add("flotilla.kubeconfig", () -> this.kubeconfig.toString());
		registry.add("flotilla.security.admin-password", () -> TestAccounts.ADMIN_PASSWORD);
	}

	/**
	 * The first fleet.
	 */
	public SandboxFleet fleet() {
		return this.fleets.get(0);
	}

	/**
	 * The fleet that has the context.
	 */
	public SandboxFleet fleetOf(String context) {
		return this.fleets.stream().filter((fleet) -> fleet.contexts().contains(context)).findFirst().orElse(fleet());
	}

	/**
	 * The kubeconfig the server reads, with the contexts of every fleet.
	 */
	public Path kubeconfig() {
		return this.kubeconfig;
	}

	/**
	 * The PATCH requests of every fleet, keyed {@code context/namespace/name}.
	 */
	public Map<String, Integer> patchCounts() {
		Map<String, Integer> counts = new LinkedHashMap<>();
		this.fleets.forEach((fleet) -> counts.putAll(fleet.patchCounts()));
		return counts;
	}

	@Override
	public void afterAll(ExtensionContext context) {
		this.fleets.forEach(SandboxFleet::close);
	}

}
