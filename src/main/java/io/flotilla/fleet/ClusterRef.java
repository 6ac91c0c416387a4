package io.flotilla.fleet;

/**
 * One cluster of the fleet: the Kubernetes resource that carries its version.
 *
 * @param context the kubeconfig context of its Kubernetes API
 * @param namespace the resource's namespace
 * @param name the resource's name
 * @param version the version read when the fleet was listed, null if the resource carries
 * none
 */
public record ClusterRef(String context, String namespace, String name, String version) {

	/**
	 * {@code context/namespace/name}, unique across the fleet.
	 */
	public String key() {
		return this.context + "/" + this.namespace + "/" + this.name;
	}

}
