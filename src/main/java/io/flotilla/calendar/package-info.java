/**
 * When a release may move: the deployment windows of a plan ({@link Window}, several as
 * {@link OpenHours}) and the freezes that stop releases whatever their windows say
 * ({@link Freeze}, {@link Freezes}), combined by {@link Allowance#whenAllowed}. Pure
 * arithmetic over {@code java.time}: nothing here reads a clock, so every answer follows
 * from the instant the caller passes, and the same instant gives the same answer. Depends
 * on nothing else of Flotilla's and on no framework.
 */
package io.flotilla.calendar;
