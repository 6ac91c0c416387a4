package io.flotilla.health;

import java.util.List;

import io.flotilla.plan.check.Check;

/**
 * Runs health checks of clusters on a bounded pool of its own. Thread-safe.
 */
public interface HealthChecks {

	List<Verdict> check(List<Check> checks, Subject subject) throws InterruptedException;

	List<List<Verdict>> checkEach(List<Check> checks, List<Subject> subjects) throws InterruptedException;

}
