/**
 * The release plan model: {@link io.flotilla.plan.Plan} and its stages, groups, changes,
 * version and readiness, the records the rest of Flotilla reads. A plan in hand has
 * already passed validation. Also the notations plans are written in,
 * {@link io.flotilla.plan.FieldPath} and {@link io.flotilla.plan.Durations}. Depends on
 * nothing else of Flotilla's but {@code io.flotilla.calendar}, whose windows a plan
 * carries, and not on {@code io.flotilla.plan.yaml}, which reads plans from YAML.
 */
package io.flotilla.plan;
