/**
 * The REST API on which the CLI, and later the console and Slack, steer releases.
 */
package io.flotilla.web;
