/**
 * Release plans: the YAML files in {@code jobs/}, loaded and validated into
 * {@link io.flotilla.plan.Plan} with errors that name file, line, column and field.
 * Depends on nothing else of Flotilla's.
 */
package io.flotilla.plan;
