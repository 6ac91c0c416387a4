package io.flotilla.health;

import java.net.http.HttpClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.flotilla.fleet.ClusterRef;
import io.flotilla.fleet.Fleet;
import io.flotilla.plan.Target;
import io.flotilla.plan.check.Check;
import io.flotilla.plan.check.HttpCheck;
import io.flotilla.plan.check.LogPatternCheck;
import io.flotilla.plan.check.PodHealthCheck;
import io.flotilla.plan.check.PrometheusCheck;

/**
 * {@link HealthChecks} on a fixed pool: a round reads its cluster's resource once, then
 * runs each check as a task of its own. A task's deadline runs from its start, not from
 * its submission, so checks queued behind others are not failed for the wait; an alarm
 * gives the verdict at the deadline and interrupts the task, whether or not what it waits
 * on heeds interrupts.
 */
final class SimpleHealthChecks implements HealthChecks {

	private final Fleet fleet;

	private final HealthSettings settings;

	private final ExecutorService pool;

	private final ScheduledExecutorService alarms;

	private final PrometheusJudge prometheus;

	private final PodJudge pods;

	private final HttpJudge http;

	SimpleHealthChecks(Fleet fleet, HealthSettings settings) {
		this.fleet = fleet;
		this.settings = settings;
		this.pool = Executors.newFixedThreadPool(settings.threads(), threads("health-check-"));
		this.alarms = Executors.newSingleThreadScheduledExecutor(threads("health-alarm-"));
		HttpClient client = HttpClient.newBuilder()
			.connectTimeout(settings.timeout())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
		this.prometheus = new PrometheusJudge(settings.prometheusUrl(), client, settings.timeout(), this::labelsOf);
		this.pods = new PodJudge(fleet);
		this.http = new HttpJudge(client, settings.timeout());
	}

	@Override
	public List<Verdict> check(List<Check> checks, Subject subject) throws InterruptedException {
		return checkEach(checks, List.of(subject)).get(0);
	}

	@Override
	public Subject beforePatch(ClusterRef cluster, Target target, String stage, Instant now) {
		return Subject.beforePatch(cluster, target, stage, now, this.settings.lookBack(), List.of());
	}

	@Override
	public List<List<Verdict>> checkEach(List<Check> checks, List<Subject> subjects) throws InterruptedException {
		Queue<Bounded<?>> started = new ConcurrentLinkedQueue<>();
		List<List<CompletableFuture<Verdict>>> rounds = new ArrayList<>();
		try {
			for (Subject subject : subjects) {
				Bounded<ClusterView> view = start(() -> view(subject),
						() -> ClusterView.unread(subject,
								"the Kubernetes API did not answer within " + Words.duration(this.settings.timeout())),
						(ex) -> ClusterView.unread(subject, Words.reason(ex)), started);
				List<CompletableFuture<Verdict>> verdicts = new ArrayList<>();
				for (Check check : checks) {
					verdicts.add(view.result.thenCompose((seen) -> start(() -> judge(check, seen),
							() -> Verdict.fail(check.name(), "", "",
									check.name() + " did not finish within " + Words.duration(this.settings.timeout())
											+ " on " + seen.where()),
							(ex) -> Verdict.fail(check.name(), "", "",
									check.name() + " could not run on " + seen.where() + ": " + Words.reason(ex)),
							started).result));
				}
				rounds.add(verdicts);
			}
			List<List<Verdict>> results = new ArrayList<>();
			for (List<CompletableFuture<Verdict>> round : rounds) {
				List<Verdict> verdicts = new ArrayList<>();
				for (CompletableFuture<Verdict> verdict : round) {
					verdicts.add(verdict.get());
				}
				results.add(verdicts);
			}
			return results;
		}
		catch (InterruptedException ex) {
			rounds.forEach((round) -> round.forEach((verdict) -> verdict.cancel(false)));
			started.forEach(Bounded::cancel);
			throw ex;
		}
		catch (ExecutionException ex) {
			// only a task the closed pool refused ends so; every other ends in a verdict
			started.forEach(Bounded::cancel);
			throw new IllegalStateException("the health checks are closed", ex.getCause());
		}
	}

	private Verdict judge(Check check, ClusterView view) throws InterruptedException {
		if (check instanceof PrometheusCheck prometheusCheck) {
			return this.prometheus.judge(prometheusCheck, view);
		}
		if (check instanceof PodHealthCheck podCheck) {
			return this.pods.pods(podCheck, view);
		}
		if (check instanceof LogPatternCheck logCheck) {
			return this.pods.logs(logCheck, view);
		}
		return this.http.judge((HttpCheck) check, view);
	}

	/**
	 * The cluster's resource, read once for its labels and its pods' selector (a
	 * StatefulSet's {@code spec.selector.matchLabels}, else the instance label).
	 */
	private ClusterView view(Subject subject) {
		GenericKubernetesResource resource = resource(subject.cluster(), subject.target());
		if (resource == null) {
			return ClusterView.unread(subject, subject.target().kind() + " " + Words.where(subject.cluster())
					+ " does not exist in " + subject.cluster().context());
		}
		Map<String, String> labels = (resource.getMetadata().getLabels() != null) ? resource.getMetadata().getLabels()
				: Map.of();
		Object matchLabels = resource.get("spec", "selector", "matchLabels");
		Map<String, String> selector = Map.of(ClusterView.INSTANCE_LABEL, subject.cluster().name());
		if (matchLabels instanceof Map<?, ?> map && !map.isEmpty()) {
			selector = new TreeMap<>();
			for (Map.Entry<?, ?> label : map.entrySet()) {
				selector.put(String.valueOf(label.getKey()), String.valueOf(label.getValue()));
			}
		}
		return ClusterView.read(subject, labels, selector);
	}

	private Map<String, String> labelsOf(ClusterRef cluster, Target target) {
		GenericKubernetesResource resource = resource(cluster, target);
		return (resource != null && resource.getMetadata().getLabels() != null) ? resource.getMetadata().getLabels()
				: Map.of();
	}

	private GenericKubernetesResource resource(ClusterRef cluster, Target target) {
		return this.fleet.client(cluster.context())
			.genericKubernetesResources(target.apiVersion(), target.kind())
			.inNamespace(cluster.namespace())
			.withName(cluster.name())
			.get();
	}

	private <T> Bounded<T> start(Callable<T> work, Supplier<T> whenTooSlow, Function<Exception, T> whenFailed,
			Queue<Bounded<?>> started) {
		Bounded<T> task = new Bounded<>(work, whenTooSlow, whenFailed);
		started.add(task);
		try {
			this.pool.execute(task);
		}
		catch (RejectedExecutionException ex) {
			throw new IllegalStateException("the health checks are closed", ex);
		}
		return task;
	}

	@Override
	public void close() {
		this.pool.shutdownNow();
		this.alarms.shutdownNow();
	}

	private static ThreadFactory threads(String prefix) {
		AtomicInteger count = new AtomicInteger();
		return (runnable) -> {
			Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

	/**
	 * One task with a deadline from its start: its result comes from the work, from the
	 * alarm at the deadline, or from the failure of the work, whichever is first.
	 */
	private final class Bounded<T> implements Runnable {

		final CompletableFuture<T> result = new CompletableFuture<>();

		private final Callable<T> work;

		private final Supplier<T> whenTooSlow;

		private final Function<Exception, T> whenFailed;

		private Thread runner;

		Bounded(Callable<T> work, Supplier<T> whenTooSlow, Function<Exception, T> whenFailed) {
			this.work = work;
			this.whenTooSlow = whenTooSlow;
			this.whenFailed = whenFailed;
		}

		@Override
		public void run() {
			synchronized (this) {
				if (this.result.isDone()) {
					return;
				}
				this.runner = Thread.currentThread();
			}
			ScheduledFuture<?> alarm = SimpleHealthChecks.this.alarms.schedule(this::tooSlow,
					SimpleHealthChecks.this.settings.timeout().toNanos(), TimeUnit.NANOSECONDS);
			try {
				this.result.complete(this.work.call());
			}
			catch (Exception ex) {
				this.result.complete(this.whenFailed.apply(ex));
			}
			finally {
				alarm.cancel(false);
				synchronized (this) {
					this.runner = null;
					// an interrupt meant for this task must not reach the pool's next one
					Thread.interrupted();
				}
			}
		}

		private void tooSlow() {
			this.result.complete(this.whenTooSlow.get());
			interrupt();
		}

		void cancel() {
			this.result.cancel(false);
			interrupt();
		}

		private synchronized void interrupt() {
			if (this.runner != null) {
				this.runner.interrupt();
			}
		}

	}

}
