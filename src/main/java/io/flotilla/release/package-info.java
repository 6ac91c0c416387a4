/**
 * A release: one run of a plan as a restartable Spring Batch job. Its stages are steps,
 * the groups of a stage are partitions, and one chunk is one wave, committed with every
 * cluster's outcome. This package is the public face: the
 * {@link io.flotilla.release.ReleaseService} interface, the records its callers read, and
 * the {@link io.flotilla.release.WavePlanner} and {@link io.flotilla.release.PlanPreview}
 * behind the dry run. The job lives in {@code release.job}, how a wave runs in
 * {@code release.wave}, the tables in {@code release.store} and the running server's side
 * in {@code release.runtime}; none of them is used from outside {@code release}.
 */
package io.flotilla.release;
