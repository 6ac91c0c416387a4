/**
 * The health checks a plan or stage names: {@link io.flotilla.plan.check.Check} and its
 * kinds (a Prometheus query, pod health, a log pattern, an HTTP request), what a failing
 * one does ({@link io.flotilla.plan.check.CheckPolicy}) and the
 * {@link io.flotilla.plan.check.Template}s their queries and URLs are written in. Checks
 * are read and validated but not run yet. Depends on nothing of Flotilla's.
 */
package io.flotilla.plan.check;
