/**
 * The console's operations pages: the release job as Spring Batch records it, the Quartz
 * timers, and the admin's users, tokens and audit log. Like the rest of the console they
 * read through the services and send only the release's own signals, so nothing here
 * changes a release, a user or a token past the checks and the audit entries of the
 * service that owns it.
 */
package io.flotilla.console.admin;
