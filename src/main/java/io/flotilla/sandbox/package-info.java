/**
 * A simulated fleet of database clusters behind real Kubernetes REST APIs: one fabric8
 * mock API server per region, filled with StatefulSets, a controller that rolls their
 * pods like the StatefulSet controller does, and fault injection in front of the API.
 * {@link io.flotilla.sandbox.SandboxFleet} is the one public face. Depends on nothing
 * else of Flotilla's.
 */
package io.flotilla.sandbox;
