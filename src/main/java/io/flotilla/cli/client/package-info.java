/**
 * What every command that talks to a server shares:
 * {@link io.flotilla.cli.client.ServerClient} (the REST API, with the caller's token from
 * {@link io.flotilla.cli.client.Credentials}), the {@code --server} option, and how a
 * command fails ({@code CliException}, {@code ExitCodes}). The commands of
 * {@code io.flotilla.cli} and {@code io.flotilla.cli.account} use it; it uses neither.
 */
package io.flotilla.cli.client;
