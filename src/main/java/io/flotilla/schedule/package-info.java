/**
 * Releases on a schedule: the YAML files of the schedules directory, loaded and watched,
 * each one a Quartz cron trigger in the clustered JDBC store, so that each fire happens
 * on exactly one server. A fire reads its version, applies the schedule's rules (late
 * fires, a previous release still active, a release id already taken) and starts a
 * release through {@code ReleaseService} as the schedule's user; each fire is recorded,
 * started or skipped and why.
 */
package io.flotilla.schedule;
