package io.flotilla.release.runtime;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the server reaches the fleet and how much it runs at once.
 *
 * @param kubeconfig the kubeconfig whose contexts the plans name
 * @param releases limits on concurrent work
 */
@ConfigurationProperties("flotilla")
record ReleaseProperties(String kubeconfig, @DefaultValue Releases releases) {

	/**
	 * @param concurrent releases whose jobs run at the same time; more wait in a queue
	 * @param partitionThreads cluster groups rolling out at the same time, over all
	 * releases
	 * @param claimRecheck how often a stage waiting for clusters other releases hold
	 * looks again
	 */
	record Releases(@DefaultValue("8") int concurrent, @DefaultValue("64") int partitionThreads,
			@DefaultValue("30s") Duration claimRecheck) {

	}

}
