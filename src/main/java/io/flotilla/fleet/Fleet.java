package io.flotilla.fleet;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.random.RandomGenerator;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.flotilla.plan.Readiness;
import io.flotilla.plan.Target;
import io.flotilla.plan.VersionSpec;

/**
 * The clusters Flotilla may act on, reached through the contexts of one kubeconfig file,
 * and the one place that changes them. Every Kubernetes API call is retried here on
 * transient errors and nowhere else. Thread-safe; one client per context is created on
 * first use and kept until {@link #close()}.
 */
public final class Fleet implements AutoCloseable {

	static final int PAGE_SIZE = 500;

	private final FleetSettings settings;

	private final int pageSize;

	private final List<String> contexts;

	private final String whyNoContexts;

	private final Retrier retrier;

	private final Clock clock = Clock.systemUTC();

	private final ConcurrentMap<String, KubernetesClient> clients = new ConcurrentHashMap<>();

	public Fleet(FleetSettings settings) {
		this(settings, PAGE_SIZE);
	}

	Fleet(FleetSettings settings, int pageSize) {
		this.settings = settings;
		this.pageSize = pageSize;
		this.contexts = readContexts(settings.kubeconfig());
		this.whyNoContexts = this.contexts.isEmpty() ? whyNoContexts(settings.kubeconfig()) : null;
		this.retrier = new Retrier(settings, RandomGenerator.getDefault());
	}

	/**
	 * The contexts of the kubeconfig, in file order.
	 */
	public List<String> contexts() {
		return this.contexts;
	}

	/**
	 * Why the fleet has no context, in words for an operator, as it was when the
	 * kubeconfig was read: the file does not exist, is not a file, or names no context.
	 * Empty when there are contexts.
	 */
	public Optional<String> whyNoContexts() {
		return Optional.ofNullable(this.whyNoContexts);
	}

	/**
	 * Lists the clusters of one context, page by page, sorted by namespace and name. Safe
	 * to repeat: it only reads.
	 * @param target the resource type
	 * @param selector labels every cluster carries
	 * @param context the kubeconfig context
	 * @param namespaces the namespaces to search, all when empty
	 * @param version where each cluster's current version is read
	 * @param readiness when a cluster counts as ready
	 * @throws IllegalArgumentException for a context the kubeconfig does not have
	 * @throws FleetException when the API refuses the listing or stays unavailable
	 */
	public List<ListedCluster> inventory(Target target, Map<String, String> selector, String context,
			List<String> namespaces, VersionSpec version, Readiness readiness) {
		KubernetesClient client = client(context);
		String action = context + ": list " + target.kind();
		try {
			var resources = this.retrier.call(action,
					(attempt) -> client.genericKubernetesResources(target.apiVersion(), target.kind()));
			Listing listing = new Listing(client, context, version, readiness);
			if (namespaces.isEmpty()) {
				list(action, resources.inAnyNamespace().withLabels(selector), listing);
			}
			for (String namespace : namespaces) {
				list(action, resources.inNamespace(namespace).withLabels(selector), listing);
			}
			List<ListedCluster> clusters = listing.clusters();
			clusters.sort(Comparator.comparing((ListedCluster listed) -> listed.cluster().namespace())
				.thenComparing((listed) -> listed.cluster().name()));
			return clusters;
		}
		catch (ApiUnavailableException ex) {
			throw new FleetException(action + ": " + ex.getMessage(), ex);
		}
		catch (KubernetesClientException ex) {
			throw new FleetException(action + ": " + Retrier.describe(ex), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new FleetException(action + ": interrupted", ex);
		}
	}

	/**
	 * Moves one cluster to the request's target version and waits until it is ready. Safe
	 * to repeat, also after a crash at any point: the live resource is read first, a
	 * resource at the target version is never patched, and the patch carries the release
	 * id so that this release recognises its own earlier patch. Sends at most one PATCH
	 * unless a transient failure left it unapplied. Never throws for problems of the
	 * cluster or its API: they end as {@link Outcome#FAILED} with a reason. When
	 * interrupted, it returns FAILED with the thread's interrupt status set.
	 * @param pendingSince when the cluster was last put to pending (the release's start,
	 * or a reset that retries it): the ready deadline of an earlier patch of the release
	 * runs from its patch, or from this when that is later
	 */
	public UpgradeResult upgrade(ClusterRef cluster, UpgradeRequest request, Instant pendingSince) {
		return upgrader(cluster).upgrade(cluster, request, pendingSince);
	}

	/**
	 * Whether the cluster carries this release's change already, patched by an execution
	 * that died before its wave committed, and if so whether its outcome is known now.
	 * One read; a failure answers {@link PriorChange#NONE}.
	 */
	public PriorChange priorChange(ClusterRef cluster, UpgradeRequest request, Instant pendingSince) {
		return upgrader(cluster).priorChange(cluster, request, pendingSince);
	}

	/**
	 * The cluster's resource as the API holds it now, for a person looking at one
	 * cluster: one read, retried like any other call, never a change. Safe at any time.
	 * @return empty when the resource does not exist
	 * @throws FleetException when the API stays unavailable or refuses the read
	 */
	public Optional<Live> read(ClusterRef cluster, Target target, VersionSpec version, Readiness readiness) {
		KubernetesClient client = client(cluster.context());
		String action = cluster.context() + ": get " + target.kind() + " " + cluster.namespace() + "/" + cluster.name();
		try {
			GenericKubernetesResource item = this.retrier.call(action,
					(attempt) -> client.genericKubernetesResources(target.apiVersion(), target.kind())
						.inNamespace(cluster.namespace())
						.withName(cluster.name())
						.get());
			if (item == null) {
				return Optional.empty();
			}
			@SuppressWarnings("unchecked")
			Map<String, Object> resource = client.getKubernetesSerialization().convertValue(item, Map.class);
			Map<String, String> annotations = (item.getMetadata().getAnnotations() != null)
					? item.getMetadata().getAnnotations() : Map.of();
			Object status = resource.get("status");
			return Optional
				.of(new Live(Upgrader.versionOf(resource, version), ReadinessCheck.missing(resource, readiness),
						annotations.get(Upgrader.RELEASE_ANNOTATION), annotations.get(Upgrader.PATCHED_AT_ANNOTATION),
						(status != null) ? client.getKubernetesSerialization().asYaml(status) : ""));
		}
		catch (ApiUnavailableException ex) {
			throw new FleetException(action + ": " + ex.getMessage(), ex);
		}
		catch (KubernetesClientException ex) {
			throw new FleetException(action + ": " + Retrier.describe(ex), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new FleetException(action + ": interrupted", ex);
		}
	}

	private Upgrader upgrader(ClusterRef cluster) {
		return new Upgrader(client(cluster.context()), this.retrier, this.clock);
	}

	@Override
	public void close() {
		this.clients.values().forEach(KubernetesClient::close);
		this.clients.clear();
	}

	private void list(String action,
			FilterWatchListDeletable<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> resources,
			Listing listing) throws InterruptedException {
		String continueToken = null;
		do {
			ListOptions options = new ListOptionsBuilder().withLimit((long) this.pageSize)
				.withContinue(continueToken)
				.build();
			GenericKubernetesResourceList page = this.retrier.call(action, (attempt) -> resources.list(options));
			page.getItems().forEach(listing::add);
			continueToken = (page.getMetadata() != null) ? page.getMetadata().getContinue() : null;
		}
		while (continueToken != null && !continueToken.isEmpty());
	}

	/**
	 * A cluster's resource as read just now.
	 *
	 * @param version the version it runs, or null when the plan's path finds none
	 * @param notReady what its readiness rule still misses, empty when ready
	 * @param patchedBy the release whose patch it carries, or null
	 * @param patchedAt when that patch was sent, as written, or null
	 * @param status its {@code status} as YAML
	 */
	public record Live(String version, Optional<String> notReady, String patchedBy, String patchedAt, String status) {

	}

	/**
	 * The clusters of one context's listing, each with its version and whether it is
	 * ready, read from the listed resource.
	 */
	private record Listing(KubernetesClient client, String context, VersionSpec version, Readiness readiness,
			List<ListedCluster> clusters) {

		Listing(KubernetesClient client, String context, VersionSpec version, Readiness readiness) {
			this(client, context, version, readiness, new ArrayList<>());
		}

		@SuppressWarnings("unchecked")
		void add(GenericKubernetesResource item) {
			Map<String, Object> resource = this.client.getKubernetesSerialization().convertValue(item, Map.class);
			ClusterRef cluster = new ClusterRef(this.context, item.getMetadata().getNamespace(),
					item.getMetadata().getName(), Upgrader.versionOf(resource, this.version));
			this.clusters.add(new ListedCluster(cluster, ReadinessCheck.missing(resource, this.readiness).isEmpty(),
					item.getMetadata().getLabels()));
		}

	}

	/**
	 * The fabric8 client of one context, for reads the fleet has no method of its own
	 * for: the health checks' pods, logs and resource labels. Calls through it are not
	 * retried, which suits a check that has a deadline of its own and reads only; every
	 * change of a cluster still goes through {@link #upgrade}. The client belongs to the
	 * fleet: do not close it.
	 * @throws IllegalArgumentException for a context the kubeconfig does not have
	 */
	public KubernetesClient client(String context) {
		if (this.contexts.isEmpty()) {
			throw new IllegalArgumentException("unknown context '" + context + "': " + this.whyNoContexts
					+ " (set --kubeconfig or flotilla.kubeconfig)");
		}
		if (!this.contexts.contains(context)) {
			throw new IllegalArgumentException(
					"unknown context '" + context + "', the kubeconfig has " + String.join(", ", this.contexts));
		}
		return this.clients.computeIfAbsent(context, this::newClient);
	}

	private KubernetesClient newClient(String context) {
		// only the given file, never ~/.kube/config or $KUBECONFIG
		Config config = Config.fromKubeconfig(context, kubeconfig());
		config.setRequestRetryBackoffLimit(0);
		config.setConnectionTimeout((int) this.settings.requestTimeout().toMillis());
		config.setRequestTimeout((int) this.settings.requestTimeout().toMillis());
		return new KubernetesClientBuilder().withConfig(config).build();
	}

	/**
	 * A server may start before its kubeconfig exists, as on a fresh machine: it then
	 * knows no context, and a plan that names one is refused with a message that says so.
	 */
	private static List<String> readContexts(Path kubeconfig) {
		if (!Files.isRegularFile(kubeconfig)) {
			return List.of();
		}
		List<NamedContext> contexts = Config.fromKubeconfig(kubeconfig.toFile()).getContexts();
		return (contexts != null) ? contexts.stream().map(NamedContext::getName).toList() : List.of();
	}

	private static String whyNoContexts(Path kubeconfig) {
		if (!Files.exists(kubeconfig)) {
			return "the kubeconfig " + kubeconfig + " does not exist";
		}
		return Files.isRegularFile(kubeconfig) ? "the kubeconfig " + kubeconfig + " has no contexts"
				: "the kubeconfig " + kubeconfig + " is not a file";
	}

	private File kubeconfig() {
		return this.settings.kubeconfig().toFile();
	}

}
