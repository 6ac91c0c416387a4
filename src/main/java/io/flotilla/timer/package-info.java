/**
 * Quartz timers, kept in PostgreSQL with the JDBC job store: a release that stops for a
 * bake is resumed by a trigger when the bake ends, even by another process after this one
 * died. Nothing waits in a sleeping thread.
 */
package io.flotilla.timer;
