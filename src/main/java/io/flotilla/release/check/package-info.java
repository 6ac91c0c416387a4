/**
 * The release's health-check rounds: {@link io.flotilla.release.check.ReleaseHealthWatch}
 * runs a release's checks over every cluster it upgraded, from its Quartz trigger, on the
 * health checks' own pool, and records each verdict with what the plan's policy makes of
 * it: an unhealthy cluster and a paused release, a failed cluster against its budget, or
 * a record only.
 */
package io.flotilla.release.check;
