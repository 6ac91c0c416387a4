/**
 * How engineers steer a release: the states a release can be in, the signals they can
 * send, and the one table that says which signal is allowed in which state and where it
 * leads. Pure rules, no storage: the release package applies them.
 */
package io.flotilla.control;
