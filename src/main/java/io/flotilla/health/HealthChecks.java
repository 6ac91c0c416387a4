package io.flotilla.health;

import java.time.Instant;
import java.util.List;

import io.flotilla.fleet.ClusterRef;
import io.flotilla.fleet.Fleet;
import io.flotilla.plan.Target;
import io.flotilla.plan.check.Check;

/**
 * Runs health checks of clusters on a bounded pool of its own, so that checks of many
 * clusters never take more threads than configured and a slow target costs at most one
 * timeout. Thread-safe. Every check only reads, so running one again is always safe.
 */
public interface HealthChecks extends AutoCloseable {

	/**
	 * Runs the checks of one cluster, side by side on the pool, and waits for all, each
	 * bounded by {@link HealthSettings#timeout()} from its start. Never throws for a
	 * failing, slow or unreachable target: that is a failed verdict (or a passed one for
	 * a Prometheus check with {@code passOnNoData}).
	 * @return one verdict per check, in the order of the checks
	 * @throws InterruptedException when the caller is interrupted; the checks still
	 * running are cancelled
	 */
	List<Verdict> check(List<Check> checks, Subject subject) throws InterruptedException;

	/**
	 * The same for many clusters at once, all on the one pool.
	 * @return the verdicts of each subject, in the order of the subjects
	 * @throws InterruptedException when the caller is interrupted; the checks still
	 * running are cancelled
	 */
	List<List<Verdict>> checkEach(List<Check> checks, List<Subject> subjects) throws InterruptedException;

	/**
	 * A cluster about to be patched, looking back as far as these checks' settings say
	 * ({@link HealthSettings#lookBack()}), so that the look-back is set in one place.
	 */
	Subject beforePatch(ClusterRef cluster, Target target, String stage, Instant now);

	/**
	 * Stops the pool; checks still running are interrupted. Later calls are refused.
	 */
	@Override
	void close();

	/**
	 * Health checks that reach clusters through the fleet's clients and Prometheus as the
	 * settings say; for tests and the Spring bean.
	 */
	static HealthChecks create(Fleet fleet, HealthSettings settings) {
		return new SimpleHealthChecks(fleet, settings);
	}

}
