/**
 * Reading release plans: {@link io.flotilla.plan.yaml.PlanLoader} loads the YAML files in
 * {@code jobs/} and validates them into {@link io.flotilla.plan.Plan}, or throws
 * {@link io.flotilla.plan.yaml.PlanException} with every problem found, each naming file,
 * line, column and field. Uses only the plan model of {@code io.flotilla.plan} from the
 * rest of Flotilla, and {@code io.flotilla.calendar} to read the plan's windows.
 */
package io.flotilla.plan.yaml;
