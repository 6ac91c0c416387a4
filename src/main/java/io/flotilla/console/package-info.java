/**
 * The admin console: server-rendered pages (Thymeleaf) over the same services as the REST
 * API, kept live by server-sent events. Nothing here bypasses a service: a button sends
 * the release's own signal, so the state machine and the audit log see a click like a CLI
 * command.
 */
package io.flotilla.console;
