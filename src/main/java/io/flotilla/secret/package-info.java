/**
 * Secrets kept in files readable by their owner only. It depends on nothing else of
 * Flotilla's.
 */
package io.flotilla.secret;
