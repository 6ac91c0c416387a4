/**
 * Where Flotilla keeps its state: an embedded PostgreSQL under {@code .flotilla/} by
 * default, or the server {@code spring.datasource.url} names. Flyway migrations create
 * Spring Batch's, Quartz's and Flotilla's tables. The embedded server admits its owner
 * only: a generated password in {@code .flotilla/db-password} (mode 0600), scram-sha-256,
 * 127.0.0.1 and no Unix socket.
 */
package io.flotilla.database;
