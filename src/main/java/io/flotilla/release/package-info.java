/**
 * A release: one run of a plan as a restartable Spring Batch job. Its stages are steps,
 * the groups of a stage are partitions, and one chunk is one wave, committed with every
 * cluster's outcome. {@link io.flotilla.release.ReleaseService} is the public face.
 */
package io.flotilla.release;
