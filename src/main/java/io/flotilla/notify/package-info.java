/**
 * Slack: one thread per release that tells a channel what the release does, and buttons
 * that let the operators listed in {@code flotilla.slack.operators} steer it. Everything
 * here is switched on by {@code flotilla.slack.token}; without it nothing is sent.
 */
package io.flotilla.notify;
