package io.flotilla.fleet;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.flotilla.plan.Change;
import io.flotilla.plan.Change.Operation;
import io.flotilla.plan.Durations;
import io.flotilla.plan.FieldPath;
import io.flotilla.plan.VersionSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upgrades one cluster: read, compare, patch once, wait for readiness.
 */
final class Upgrader {

	static final String RELEASE_ANNOTATION = "flotilla.io/release";

	/**
	 * When this release's patch was sent, so that a restart keeps the cluster's ready
	 * deadline instead of granting a fresh timeout each time it comes up.
	 */
	static final String PATCHED_AT_ANNOTATION = "flotilla.io/patched-at";

	private static final FieldPath RELEASE_ANNOTATION_PATH = FieldPath
		.parse("metadata.annotations.\"" + RELEASE_ANNOTATION + "\"");

	private static final FieldPath PATCHED_AT_PATH = FieldPath
		.parse("metadata.annotations.\"" + PATCHED_AT_ANNOTATION + "\"");

	private static final Logger logger = LoggerFactory.getLogger(Upgrader.class);

	private final KubernetesClient client;

	private final Retrier retrier;

	private final Clock clock;

	Upgrader(KubernetesClient client, Retrier retrier, Clock clock) {
		this.client = client;
		this.retrier = retrier;
		this.clock = clock;
	}

	/**
	 * Safe to repeat: the live resource is read first, a resource at the target version
	 * is never patched, one newer than the target only when the plan allows downgrades,
	 * and one this release patched before is only awaited.
	 */
	UpgradeResult upgrade(ClusterRef cluster, UpgradeRequest request, Instant pendingSince) {
		String key = cluster.key();
		String from = null;
		boolean patched = false;
		try {
			Resource<GenericKubernetesResource> resource = call(key, "discover " + request.target().kind(),
					(attempt) -> resource(cluster, request));
			Map<String, Object> live = call(key, "read", (attempt) -> read(resource));
			if (live == null) {
				return failed(key, null, "resource not found", false);
			}
			from = versionOf(live, request.version());
			String target = request.version().target();
			if (target.equals(from)) {
				if (!request.releaseId().equals(releaseOf(live))) {
					return current(key, resource, live, request, from);
				}
				logger.info("{}: at {} by release {} already, awaiting readiness", key, target, request.releaseId());
				return awaitReady(key, resource, request, from, UpgradeResult.upgraded(from, false),
						deadlineOfEarlierPatch(live, request, pendingSince), live);
			}
			if (request.version().isNewerThanTarget(from)) {
				if (!request.version().allowDowngrade()) {
					logger.info("{}: at {}, newer than the target {}; not downgraded", key, from, target);
					return UpgradeResult.skippedNewer(from, target);
				}
				logger.warn("{}: downgrading from {} to {}, as the plan allows", key, from, target);
			}
			PatchOutcome outcome = patch(key, resource, live, request);
			switch (outcome) {
				case GONE:
					return failed(key, from, "resource not found", false);
				case CURRENT:
					logger.info("{}: reached {} without this release's patch", key, target);
					return current(key, resource, call(key, "read", (attempt) -> read(resource)), request, from);
				default:
					patched = true;
					logger.debug("{}: patched from {} to {}", key, from, target);
					return awaitReady(key, resource, request, from, UpgradeResult.upgraded(from, true),
							freshDeadline(request), null);
			}
		}
		catch (UnpatchableException | CallFailedException ex) {
			return failed(key, from, ex.getMessage(), patched);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return failed(key, from, "interrupted", patched);
		}
	}

	/**
	 * Whether this release's patch is on the resource already, as an execution that died
	 * before its wave committed leaves it, and whether its outcome is known: ready, or
	 * past the deadline its patch time sets. One read without retries: a failure answers
	 * {@link PriorChange#NONE}, and the cluster is then found out by {@link #upgrade} as
	 * before.
	 */
	PriorChange priorChange(ClusterRef cluster, UpgradeRequest request, Instant pendingSince) {
		Map<String, Object> live;
		try {
			live = read(resource(cluster, request));
		}
		catch (KubernetesClientException ex) {
			return PriorChange.NONE;
		}
		if (live == null || !request.releaseId().equals(releaseOf(live))) {
			return PriorChange.NONE;
		}
		boolean ready = ReadinessCheck.missing(live, request.readiness()).isEmpty();
		boolean pastDeadline = !this.clock.instant().isBefore(deadlineOfEarlierPatch(live, request, pendingSince).at());
		return (ready || pastDeadline) ? PriorChange.SETTLED : PriorChange.IN_FLIGHT;
	}

	/**
	 * Sends the patch. A transient failure leaves it open whether the server applied the
	 * patch (a 500 or a lost connection may come after the write), so before sending it
	 * again the resource is read back: carrying this release's annotation, it was applied
	 * and is not sent twice. A resend is built from the fresh read, so its list indexes
	 * are current.
	 */
	private PatchOutcome patch(String key, Resource<GenericKubernetesResource> resource, Map<String, Object> live,
			UpgradeRequest request) throws InterruptedException {
		return call(key, "patch", (attempt) -> {
			Map<String, Object> current = live;
			if (attempt > 1) {
				current = read(resource);
				if (current == null) {
					return PatchOutcome.GONE;
				}
				if (request.releaseId().equals(releaseOf(current))) {
					return PatchOutcome.SENT;
				}
				if (request.version().target().equals(versionOf(current, request.version()))) {
					return PatchOutcome.CURRENT;
				}
			}
			List<Map<String, Object>> operations = new JsonPatchBuilder(current).applyAll(request.changes())
				.apply(new Change(Operation.ADD_OR_UPDATE, RELEASE_ANNOTATION_PATH, request.releaseId()))
				.apply(new Change(Operation.ADD_OR_UPDATE, PATCHED_AT_PATH, this.clock.instant().toString()))
				.build();
			resource.patch(PatchContext.of(PatchType.JSON),
					this.client.getKubernetesSerialization().asJson(operations));
			return PatchOutcome.SENT;
		});
	}

	/**
	 * A cluster at the target without this release's patch is current only when it is
	 * ready too; one that is not is awaited like an upgraded cluster, and fails with what
	 * is missing if it does not become ready in time. Safe to repeat: it only reads.
	 */
	private UpgradeResult current(String key, Resource<GenericKubernetesResource> resource, Map<String, Object> live,
			UpgradeRequest request, String from) throws InterruptedException {
		if (live != null && ReadinessCheck.missing(live, request.readiness()).isEmpty()) {
			logger.debug("{}: already at {}", key, request.version().target());
			return UpgradeResult.alreadyCurrent(from);
		}
		logger.info("{}: at {} but not ready, awaiting readiness", key, request.version().target());
		return awaitReady(key, resource, request, from, UpgradeResult.alreadyCurrent(from), freshDeadline(request),
				null);
	}

	/**
	 * Watches the resource through an informer until it is ready or the deadline passes;
	 * a deadline passed already gives the outcome at once, from the resource as read.
	 * Transient API errors restart the watch within the same deadline. Safe to repeat: it
	 * only reads.
	 * @param onReady the outcome once the resource is ready
	 * @param live the resource as just read, or null when it was just patched
	 */
	private UpgradeResult awaitReady(String key, Resource<GenericKubernetesResource> resource, UpgradeRequest request,
			String from, UpgradeResult onReady, ReadyDeadline deadline, Map<String, Object> live)
			throws InterruptedException {
		long deadlineNanos = System.nanoTime() + Duration.between(this.clock.instant(), deadline.at()).toNanos();
		AtomicReference<Map<String, Object>> last = new AtomicReference<>(live);
		Optional<String> missing = call(key, "await readiness", (attempt) -> {
			long remaining = deadlineNanos - System.nanoTime();
			try {
				if (remaining > 0) {
					resource.waitUntilCondition((item) -> {
						Map<String, Object> seen = (item != null) ? toMap(item) : null;
						last.set(seen);
						return seen != null && ReadinessCheck.missing(seen, request.readiness()).isEmpty();
					}, remaining, TimeUnit.NANOSECONDS);
					return Optional.empty();
				}
			}
			catch (KubernetesClientTimeoutException ex) {
				// the deadline passed; what was missing is in the last state seen
			}
			Map<String, Object> seen = last.get();
			if (seen == null) {
				return Optional.of("resource not found");
			}
			Optional<String> notReady = ReadinessCheck.missing(seen, request.readiness());
			return (remaining > 0) ? Optional.of(notReady.orElse("ready too late")) : notReady;
		});
		if (missing.isPresent()) {
			return failed(key, from, "not ready " + deadline.describe() + ": " + missing.get(), onReady.patched());
		}
		logger.debug("{}: ready at {}", key, request.version().target());
		return onReady;
	}

	private ReadyDeadline freshDeadline(UpgradeRequest request) {
		return new ReadyDeadline(this.clock.instant().plus(request.readyTimeout()),
				"after " + Durations.format(request.readyTimeout()));
	}

	/**
	 * The deadline an earlier execution's patch set, or, for a cluster a reset put back
	 * to pending after that patch, the deadline the reset set; a patch that carries no
	 * time (sent before patch times were kept) gets a fresh one.
	 */
	private ReadyDeadline deadlineOfEarlierPatch(Map<String, Object> live, UpgradeRequest request,
			Instant pendingSince) {
		Optional<Instant> patchedAt = PATCHED_AT_PATH.read(live).map(String::valueOf).flatMap(Upgrader::instant);
		if (patchedAt.isEmpty()) {
			return freshDeadline(request);
		}
		String timeout = Durations.format(request.readyTimeout());
		if (pendingSince != null && pendingSince.isAfter(patchedAt.get())) {
			return new ReadyDeadline(pendingSince.plus(request.readyTimeout()),
					"within " + timeout + " of its reset at " + pendingSince);
		}
		return new ReadyDeadline(patchedAt.get().plus(request.readyTimeout()),
				"within " + timeout + " of its patch at " + patchedAt.get());
	}

	private static Optional<Instant> instant(String text) {
		try {
			return Optional.of(Instant.parse(text));
		}
		catch (DateTimeParseException ex) {
			return Optional.empty();
		}
	}

	/**
	 * One call through the retrier whose failure, when it fails for good, names the
	 * operation that failed: "await readiness refused by the API server: 400 Bad Request"
	 * tells an operator where to look, a bare "400 Bad Request" does not.
	 */
	private <T> T call(String key, String operation, Retrier.Attempt<T> attempt) throws InterruptedException {
		try {
			return this.retrier.call(key + ": " + operation, attempt);
		}
		catch (ApiUnavailableException ex) {
			throw new CallFailedException(operation + ": " + ex.getMessage());
		}
		catch (KubernetesClientException ex) {
			throw new CallFailedException(operation + " refused by the API server: " + Retrier.describe(ex));
		}
	}

	private Resource<GenericKubernetesResource> resource(ClusterRef cluster, UpgradeRequest request) {
		return this.client.genericKubernetesResources(request.target().apiVersion(), request.target().kind())
			.inNamespace(cluster.namespace())
			.withName(cluster.name());
	}

	private Map<String, Object> read(Resource<GenericKubernetesResource> resource) {
		GenericKubernetesResource item = resource.get();
		return (item != null) ? toMap(item) : null;
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> toMap(GenericKubernetesResource item) {
		return this.client.getKubernetesSerialization().convertValue(item, Map.class);
	}

	static String versionOf(Map<String, Object> resource, VersionSpec version) {
		return version.path().read(resource).map(String::valueOf).flatMap(version::extract).orElse(null);
	}

	private static String releaseOf(Map<String, Object> resource) {
		return RELEASE_ANNOTATION_PATH.read(resource).map(String::valueOf).orElse(null);
	}

	private static UpgradeResult failed(String key, String from, String reason, boolean patched) {
		logger.debug("{}: failed: {}", key, reason);
		return UpgradeResult.failed(from, reason, patched);
	}

	/**
	 * A Kubernetes API call that failed for good, by its operation.
	 */
	private static final class CallFailedException extends RuntimeException {

		CallFailedException(String message) {
			super(message);
		}

	}

	/**
	 * When a cluster must be ready by, and how a failure says so.
	 */
	private record ReadyDeadline(Instant at, String describe) {

	}

	private enum PatchOutcome {

		/** This release's patch is in place. */
		SENT,

		/** Someone else moved the resource to the target meanwhile. */
		CURRENT,

		/** The resource was deleted meanwhile. */
		GONE

	}

}
