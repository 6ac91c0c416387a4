/**
 * The {@code flotilla} command line: the server, the sandbox fleet, the demo, and a
 * client of the REST API for everything that touches a release. Exit codes: 0 success, 1
 * failure, 2 bad input.
 */
package io.flotilla.cli;
