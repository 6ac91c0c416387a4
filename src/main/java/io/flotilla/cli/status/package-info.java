/**
 * A release's status for a terminal: printed once, or watched until it settles.
 */
package io.flotilla.cli.status;
