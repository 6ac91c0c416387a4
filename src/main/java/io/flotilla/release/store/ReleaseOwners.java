package io.flotilla.release.store;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import org.quartz.Scheduler;
import org.quartz.SchedulerException;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Which process runs each release's job. Several servers may share one database; a server
 * recovers an execution the JobRepository shows running only when the process that owns
 * it is gone: on the same host its pid and start time tell at once, on another host its
 * Quartz instance must have stopped checking in.
 */
public class ReleaseOwners {

	/** Quartz declares an instance dead after two check-in intervals plus this. */
	private static final long QUARTZ_GRACE_MILLIS = 7500;

	private final JdbcClient jdbc;

	private final Scheduler scheduler;

	private final Clock clock;

	private final String host;

	private final String self;

	public ReleaseOwners(JdbcClient jdbc, Scheduler scheduler, Clock clock) {
		this.jdbc = jdbc;
		this.scheduler = scheduler;
		this.clock = clock;
		this.host = hostName();
		ProcessHandle process = ProcessHandle.current();
		this.self = this.host + "/" + process.pid() + "/"
				+ process.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
	}

	/**
	 * Records this process as the one running the release's job.
	 */
	public void claim(String releaseId) {
		this.jdbc.sql("UPDATE flotilla_release SET owner = ?, owner_node = ? WHERE id = ?")
			.params(this.self, quartzInstance(), releaseId)
			.update();
	}

	/**
	 * Whether another live process runs the release's job, so this one must leave it
	 * alone.
	 */
	public boolean ownedByAnotherLiveProcess(String releaseId) {
		Optional<Owner> owner = this.jdbc.sql("SELECT owner, owner_node FROM flotilla_release WHERE id = ?")
			.param(releaseId)
			.query((rs, row) -> new Owner(rs.getString(1), rs.getString(2)))
			.optional()
			.filter((found) -> found.process() != null && !found.process().equals(this.self));
		return owner.map(this::isAlive).orElse(false);
	}

	private boolean isAlive(Owner owner) {
		String[] parts = owner.process().split("/");
		if (parts.length == 3 && parts[0].equals(this.host)) {
			long pid = Long.parseLong(parts[1]);
			long started = Long.parseLong(parts[2]);
			return ProcessHandle.of(pid)
				.filter(ProcessHandle::isAlive)
				.map((process) -> process.info().startInstant().map(Instant::toEpochMilli).orElse(0L) == started)
				.orElse(false);
		}
		return owner.node() != null && checkedInLately(owner.node());
	}

	private boolean checkedInLately(String instance) {
		long now = this.clock.millis();
		return this.jdbc
			.sql("SELECT last_checkin_time, checkin_interval FROM qrtz_scheduler_state WHERE instance_name = ?")
			.param(instance)
			.query((rs, row) -> now - rs.getLong(1) < 2 * rs.getLong(2) + QUARTZ_GRACE_MILLIS)
			.optional()
			.orElse(false);
	}

	private String quartzInstance() {
		try {
			return this.scheduler.getSchedulerInstanceId();
		}
		catch (SchedulerException ex) {
			return null;
		}
	}

	private static String hostName() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			return "localhost";
		}
	}

	private record Owner(String process, String node) {

	}

}
