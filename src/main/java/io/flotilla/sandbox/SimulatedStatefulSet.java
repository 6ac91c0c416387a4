package io.flotilla.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;

/**
 * The pods of one StatefulSet as the StatefulSet controller sees them: which revision
 * they run and whether one is down. It rolls them one at a time after a template change
 * and reports every step as a complete status.
 * <p>
 * Observing the same template again changes nothing, so a repeated patch never restarts
 * pods. A failing cluster's first pod on a new revision crash-loops for good; rolling
 * back to the current revision heals it.
 */
final class SimulatedStatefulSet {

	private final boolean failing;

	private final Supplier<Duration> podRestart;

	private final boolean instant;

	private final ScheduledExecutorService scheduler;

	private final Consumer<StatefulSetStatus> statusWriter;

	private long lastResourceVersion = -1;

	private boolean known;

	private long observedGeneration;

	private int replicas;

	private String currentRevision;

	private String updateRevision;

	private int updated;

	private boolean podDown;

	private boolean broken;

	private long roll;

	private ScheduledFuture<?> nextStep;

	private String currentVersion;

	private String updateVersion;

	private Instant readyAt;

	private long restartNanos;

	/**
	 * What {@link #pods()} answers, published before each status write and after each
	 * observation. A status write holds this object's lock while it waits for the
	 * region's API, and the same API's threads serve pods and metrics from
	 * {@code pods()}: read under the lock, a scrape would wait for the write that waits
	 * for it.
	 */
	private volatile Pods pods;

	SimulatedStatefulSet(boolean failing, Duration podRestart, ScheduledExecutorService scheduler,
			Consumer<StatefulSetStatus> statusWriter) {
		this(failing, () -> podRestart, podRestart.isZero(), scheduler, statusWriter);
	}

	/**
	 * @param podRestart the time of each pod restart, asked once per restart
	 * @param instant whether pods restart at once, without asking {@code podRestart}
	 */
	SimulatedStatefulSet(boolean failing, Supplier<Duration> podRestart, boolean instant,
			ScheduledExecutorService scheduler, Consumer<StatefulSetStatus> statusWriter) {
		this.failing = failing;
		this.podRestart = podRestart;
		this.instant = instant;
		this.scheduler = scheduler;
		this.statusWriter = statusWriter;
	}

	/**
	 * The time of every pod restart this StatefulSet scheduled so far, added up.
	 */
	synchronized Duration restartTime() {
		return Duration.ofNanos(this.restartNanos);
	}

	synchronized void observe(StatefulSet statefulSet) {
		apply(statefulSet);
		publish();
	}

	private void apply(StatefulSet statefulSet) {
		long resourceVersion = Long.parseLong(statefulSet.getMetadata().getResourceVersion());
		if (resourceVersion <= this.lastResourceVersion) {
			// Events are handled on a pool, so an older one can arrive after a newer one.
			return;
		}
		this.lastResourceVersion = resourceVersion;
		long generation = statefulSet.getMetadata().getGeneration();
		int desiredReplicas = (statefulSet.getSpec().getReplicas() != null) ? statefulSet.getSpec().getReplicas() : 1;
		String revision = Revisions.of(statefulSet);
		String version = versionOf(statefulSet);
		if (!this.known) {
			this.known = true;
			this.currentVersion = version;
			this.updateVersion = version;
			if (!adopt(statefulSet.getStatus(), desiredReplicas)) {
				settle(generation, desiredReplicas, revision);
				return;
			}
		}
		if (!revision.equals(this.updateRevision)) {
			this.updateVersion = version;
			startRoll(generation, desiredReplicas, revision);
		}
		else if (generation > this.observedGeneration || desiredReplicas != this.replicas) {
			boolean settled = this.currentRevision.equals(this.updateRevision) && !this.podDown;
			this.observedGeneration = generation;
			this.replicas = desiredReplicas;
			this.updated = settled ? desiredReplicas : Math.min(this.updated, desiredReplicas);
			writeStatus();
		}
	}

	/**
	 * What the pods look like now, or null before the first observation.
	 */
	Pods pods() {
		return this.pods;
	}

	private void publish() {
		if (!this.known) {
			return;
		}
		int down = !this.podDown ? -1 : this.broken ? this.replicas - this.updated : this.replicas - 1 - this.updated;
		this.pods = new Pods(this.replicas, this.updated, down, this.currentVersion, this.updateVersion, this.readyAt);
	}

	synchronized void forget() {
		this.roll++;
		cancelNextStep();
	}

	private boolean adopt(StatefulSetStatus status, int desiredReplicas) {
		if (status == null || status.getUpdateRevision() == null || status.getObservedGeneration() == null) {
			return false;
		}
		this.observedGeneration = status.getObservedGeneration();
		this.replicas = desiredReplicas;
		this.currentRevision = status.getCurrentRevision();
		this.updateRevision = status.getUpdateRevision();
		this.updated = (status.getUpdatedReplicas() != null) ? status.getUpdatedReplicas() : desiredReplicas;
		return true;
	}

	private void settle(long generation, int desiredReplicas, String revision) {
		this.observedGeneration = generation;
		this.replicas = desiredReplicas;
		this.currentRevision = revision;
		this.updateRevision = revision;
		this.updated = desiredReplicas;
		this.podDown = false;
		this.broken = false;
		this.readyAt = null;
		writeStatus();
	}

	private void startRoll(long generation, int desiredReplicas, String revision) {
		this.roll++;
		cancelNextStep();
		int alreadyThere = podsAt(revision);
		this.observedGeneration = generation;
		this.replicas = desiredReplicas;
		this.updateRevision = revision;
		this.updated = Math.min(alreadyThere, desiredReplicas);
		this.broken = this.failing && !revision.equals(this.currentRevision);
		if (this.updated >= this.replicas) {
			finish();
			writeStatus();
			return;
		}
		this.podDown = true;
		if (this.instant) {
			while (rolling() && !this.broken) {
				podRestarted();
			}
			if (this.broken) {
				podRestarted();
			}
			writeStatus();
			return;
		}
		writeStatus();
		scheduleStep(this.roll);
	}

	private int podsAt(String revision) {
		if (revision.equals(this.updateRevision)) {
			return this.updated;
		}
		if (revision.equals(this.currentRevision)) {
			return this.replicas - this.updated;
		}
		return 0;
	}

	private void scheduleStep(long forRoll) {
		long nanos = this.podRestart.get().toNanos();
		this.restartNanos += nanos;
		this.nextStep = this.scheduler.schedule(() -> step(forRoll), nanos, TimeUnit.NANOSECONDS);
	}

	private synchronized void step(long forRoll) {
		if (forRoll != this.roll) {
			return;
		}
		podRestarted();
		writeStatus();
		if (rolling() && !this.broken) {
			scheduleStep(forRoll);
		}
	}

	private void podRestarted() {
		this.updated++;
		if (this.broken) {
			// The pod came back on the new revision and crash-loops: it stays down.
			return;
		}
		if (this.updated >= this.replicas) {
			finish();
		}
	}

	private void finish() {
		this.updated = this.replicas;
		this.currentRevision = this.updateRevision;
		this.currentVersion = this.updateVersion;
		this.readyAt = Instant.now();
		this.podDown = false;
		this.broken = false;
	}

	private boolean rolling() {
		return this.updated < this.replicas;
	}

	private void cancelNextStep() {
		if (this.nextStep != null) {
			this.nextStep.cancel(false);
			this.nextStep = null;
		}
	}

	private void writeStatus() {
		publish();
		int ready = this.podDown ? this.replicas - 1 : this.replicas;
		int current = this.currentRevision.equals(this.updateRevision) ? this.updated : this.replicas - this.updated;
		this.statusWriter.accept(new StatefulSetStatusBuilder().withObservedGeneration(this.observedGeneration)
			.withReplicas(this.replicas)
			.withReadyReplicas(ready)
			.withAvailableReplicas(ready)
			.withCurrentReplicas(current)
			.withUpdatedReplicas(this.updated)
			.withCurrentRevision(this.currentRevision)
			.withUpdateRevision(this.updateRevision)
			.withCollisionCount(0)
			.build());
	}

	/**
	 * The version a StatefulSet's template runs: the tag of its first container's image.
	 */
	static String versionOf(StatefulSet statefulSet) {
		String image = statefulSet.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
		int colon = (image != null) ? image.lastIndexOf(':') : -1;
		return (colon > image.lastIndexOf('/')) ? image.substring(colon + 1) : "latest";
	}

	/**
	 * The pods of a StatefulSet at one moment. Pods roll from the highest ordinal down,
	 * so the last {@code updated} ordinals run {@code updateVersion}.
	 *
	 * @param replicas how many pods
	 * @param updated how many run the update revision
	 * @param down the ordinal of the pod that is down, or -1
	 * @param currentVersion the version the others run
	 * @param updateVersion the version of the update revision
	 * @param readyAt when the last roll finished, or null when none did since the sandbox
	 * started
	 */
	record Pods(int replicas, int updated, int down, String currentVersion, String updateVersion, Instant readyAt) {

		String versionOf(int ordinal) {
			return (ordinal >= this.replicas - this.updated) ? this.updateVersion : this.currentVersion;
		}

		boolean settled() {
			return this.down < 0 && this.updated >= this.replicas && this.currentVersion.equals(this.updateVersion);
		}

	}

}
