/**
 * The audit log: one table for everything an operator or an auditor wants to read back
 * about any subject (a release now; users, tokens, schedules and freezes as they come),
 * each entry with an explicit kind code, who acted, why, and the state before and after.
 * {@link io.flotilla.audit.AuditLog} is the face; it depends on nothing else of
 * Flotilla's.
 */
package io.flotilla.audit;
