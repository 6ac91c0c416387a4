package io.flotilla.schedule;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.flotilla.account.Actor;
import io.flotilla.account.Role;
import io.flotilla.account.Users;
import io.flotilla.plan.yaml.ScheduleLoader;
import io.flotilla.schedule.ScheduleDirectory.Copy;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Loads the schedules directory when the server starts and again whenever it changes: the
 * file system's change notices (a ConfigMap update swaps its {@code ..data} symlink,
 * which is a change in the directory itself) and, for file systems that send none, a
 * reading every {@code rescan}. Each reading is applied whole by {@link ScheduleSync}.
 */
@Component
class ScheduleWatcher {

	private static final Logger logger = LoggerFactory.getLogger(ScheduleWatcher.class);

	// a burst of notices (an editor's save, a ConfigMap swap) is read once
	private static final long SETTLE_MILLIS = 300;

	private final ScheduleProperties properties;

	private final ScheduleSync sync;

	private final ScheduleLoader loader;

	private final String server = ManagementFactory.getRuntimeMXBean().getName();

	private volatile Thread thread;

	private volatile WatchService watch;

	ScheduleWatcher(ScheduleProperties properties, ScheduleSync sync, Users users) {
		this.properties = properties;
		this.sync = sync;
		this.loader = new ScheduleLoader((plan) -> ScheduleLoader.planMissing(properties.plans(), plan),
				(name) -> userProblem(users, name));
	}

	/**
	 * Once the server is ready, so that the first admin a fresh server creates may be the
	 * user a schedule runs as.
	 */
	@EventListener(ApplicationReadyEvent.class)
	void start() {
		if (!this.properties.enabled()) {
			logger.info("No schedules directory set (flotilla.schedules.directory); no schedule runs here");
			return;
		}
		load();
		Thread watcher = new Thread(this::watch, "schedule-watcher");
		watcher.setDaemon(true);
		this.thread = watcher;
		watcher.start();
	}

	@PreDestroy
	void stop() {
		Thread watcher = this.thread;
		this.thread = null;
		if (watcher != null) {
			watcher.interrupt();
			closeWatch();
		}
	}

	/**
	 * Reads the directory and applies it. A reading that fails is logged and tried again
	 * at the next change or rescan; what was applied before keeps running.
	 */
	void load() {
		Path directory = this.properties.directory();
		try {
			Optional<Copy> copy = ScheduleDirectory.read(directory, this.loader);
			if (copy.isEmpty()) {
				logger.warn("The schedules directory {} does not exist; the schedules loaded before keep running",
						directory.toAbsolutePath());
				return;
			}
			this.sync.apply(copy.get(), this.server);
		}
		catch (IOException | RuntimeException ex) {
			logger.error(
					"The schedules directory {} could not be applied; the schedules loaded before keep running: {}",
					directory.toAbsolutePath(), ex.toString());
		}
	}

	private void watch() {
		Path directory = this.properties.directory();
		while (this.thread == Thread.currentThread()) {
			try {
				WatchKey key = registered(directory).poll(this.properties.rescan().toMillis(), TimeUnit.MILLISECONDS);
				if (key != null) {
					Thread.sleep(SETTLE_MILLIS);
					key.pollEvents();
					if (!key.reset()) {
						closeWatch();
					}
				}
				load();
			}
			catch (InterruptedException | ClosedWatchServiceException ex) {
				return;
			}
			catch (IOException ex) {
				// the directory is not there yet, or went away with its watch: read it at
				// the next rescan
				closeWatch();
				sleepUntilRescan();
				load();
			}
		}
	}

	private WatchService registered(Path directory) throws IOException {
		if (this.watch == null) {
			WatchService service = FileSystems.getDefault().newWatchService();
			try {
				directory.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
						StandardWatchEventKinds.ENTRY_MODIFY);
			}
			catch (IOException ex) {
				service.close();
				throw ex;
			}
			this.watch = service;
		}
		return this.watch;
	}

	private void sleepUntilRescan() {
		try {
			Thread.sleep(this.properties.rescan().toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void closeWatch() {
		WatchService service = this.watch;
		this.watch = null;
		if (service != null) {
			try {
				service.close();
			}
			catch (IOException ex) {
				logger.debug("Closing the schedules directory's watch: {}", ex.toString());
			}
		}
	}

	private static Optional<String> userProblem(Users users, String name) {
		Optional<Actor> actor = users.actor(name);
		if (actor.isEmpty()) {
			return Optional.of("unknown user '" + name + "': no enabled user has that name");
		}
		if (!actor.get().may(Role.OPERATOR)) {
			return Optional.of("user '" + name + "' is " + actor.get().role().word()
					+ "; a schedule must run as an operator or admin");
		}
		return Optional.empty();
	}

}
