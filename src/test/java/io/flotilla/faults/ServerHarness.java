package io.flotilla.faults;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.flotilla.sandbox.SandboxFleet;
import io.flotilla.sandbox.SandboxOptions;
import io.flotilla.support.ServerProcess;
import io.flotilla.support.TestDatabases;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What every suite that runs the server in a child JVM sets up: a sandbox fleet and a
 * database in this JVM, the release under test, and the servers started against them,
 * each logging to {@code target/<logs>/<name>.log}. A test registers it as an instance
 * extension; after each test it kills the servers, then closes the release, the fleet and
 * whatever else the test handed it, in that order.
 */
final class ServerHarness implements AfterEachCallback {

	private final String logs;

	private final List<ServerProcess> servers = new ArrayList<>();

	private final List<AutoCloseable> closeLast = new ArrayList<>();

	private SandboxFleet fleet;

	private FaultRelease release;

	/**
	 * @param logs the folder under {@code target} for the servers' logs
	 */
	ServerHarness(String logs) {
		this.logs = logs;
	}

	SandboxFleet startFleet(SandboxOptions options) {
		this.fleet = SandboxFleet.start(options);
		return this.fleet;
	}

	/**
	 * The release under test, on a fresh database.
	 */
	FaultRelease release(String id) {
		return release(id, TestDatabases.newDatabase());
	}

	/**
	 * The release under test, on the given database.
	 */
	FaultRelease release(String id, String jdbcUrl) {
		this.release = new FaultRelease(id, this.fleet, jdbcUrl);
		return this.release;
	}

	/**
	 * Starts a server against the release's database and the fleet, logging to
	 * {@code target/<logs>/<name>.log}, and waits until it answers.
	 */
	ServerProcess startServer(String name) {
		return startServer(name, Map.of());
	}

	/**
	 * Starts a server as {@link #startServer(String)} does, with more of its settings in
	 * its environment.
	 */
	ServerProcess startServer(String name, Map<String, String> environment) {
		ServerProcess server = ServerProcess.start(this.release.jdbcUrl(), this.fleet.kubeconfig(),
				Path.of("target", this.logs, name + ".log"), environment);
		this.servers.add(server);
		return server;
	}

	/**
	 * How many servers the test started.
	 */
	int serverCount() {
		return this.servers.size();
	}

	/**
	 * Closes the resource after the servers, the release and the fleet.
	 */
	void closeLast(AutoCloseable resource) {
		this.closeLast.add(resource);
	}

	@Override
	public void afterEach(ExtensionContext context) throws Exception {
		this.servers.forEach(ServerProcess::close);
		if (this.release != null) {
			this.release.close();
		}
		if (this.fleet != null) {
			this.fleet.close();
		}
		for (AutoCloseable resource : this.closeLast) {
			resource.close();
		}
	}

}
