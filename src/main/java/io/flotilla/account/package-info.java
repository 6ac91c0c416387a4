/**
 * Who is who: local users with hashed passwords, API tokens stored as hashes, roles and
 * groups, and the first admin of a fresh installation. {@link io.flotilla.account.Actor}
 * is what the rest of Flotilla knows of a caller; how a request proves it is one is
 * {@code io.flotilla.security}'s business.
 */
package io.flotilla.account;
