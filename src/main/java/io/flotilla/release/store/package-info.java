/**
 * Flotilla's release tables, one class per table, and the only place with their SQL:
 * {@link io.flotilla.release.store.ReleaseTable},
 * {@link io.flotilla.release.store.StageTable},
 * {@link io.flotilla.release.store.ClusterTable}, the release's view of the audit log
 * ({@link io.flotilla.release.store.ReleaseEventLog}) and which process runs a release
 * ({@link io.flotilla.release.store.ReleaseOwners}). Every method joins the caller's
 * transaction, so a wave's outcomes commit with the chunk that produced them. Only the
 * release packages use it.
 */
package io.flotilla.release.store;
