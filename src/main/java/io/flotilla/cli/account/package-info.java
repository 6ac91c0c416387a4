/**
 * Logging in, and the server's tokens and users, from the command line:
 * {@code flotilla login}, {@code flotilla token …} and {@code flotilla user …}, and the
 * token every other command sends.
 */
package io.flotilla.cli.account;
