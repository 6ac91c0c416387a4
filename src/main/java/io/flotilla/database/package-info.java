/**
 * Where Flotilla keeps its state: an embedded PostgreSQL under {@code .flotilla/} by
 * default, or the server {@code spring.datasource.url} names. Flyway migrations create
 * Spring Batch's, Quartz's and Flotilla's tables.
 */
package io.flotilla.database;
