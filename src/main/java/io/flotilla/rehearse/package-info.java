/**
 * {@code flotilla rehearse}: runs a plan, time compressed, against sandbox copies of the
 * fleet in which the version under test breaks a share of the clusters, over several
 * seeds, and counts how many broken clusters it reaches before something stops it. The
 * public face is {@link io.flotilla.rehearse.RehearsalRunner}, its
 * {@link io.flotilla.rehearse.RehearsalOptions} and the
 * {@link io.flotilla.rehearse.Rehearsal} it returns; the arithmetic over the runs is in
 * {@code Rehearsal} and {@link io.flotilla.rehearse.RunResult}, free of servers and
 * sandboxes so that it is tested on its own.
 */
package io.flotilla.rehearse;
