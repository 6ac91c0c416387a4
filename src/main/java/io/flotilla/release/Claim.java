package io.flotilla.release;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A resource held by one active holder, so that nothing else works on it meanwhile.
 *
 * @param context the kubeconfig context of the cluster
 * @param namespace the cluster's namespace
 * @param kind the kind of the resource that carries its version
 * @param name the resource's name
 * @param holderType what holds it: {@code release} today
 * @param holderId which one holds it
 * @param claimedAt when it was taken
 */
public record Claim(String context, String namespace, String kind, String name, String holderType, String holderId,
		Instant claimedAt) {

	public static final String RELEASE = "release";

	private static final int NAMED = 3;

	/**
	 * The cluster as a plan's clusters are named: context, namespace and name.
	 */
	public String cluster() {
		return this.context + "/" + this.namespace + "/" + this.name;
	}

	public String holder() {
		return this.holderType + " " + this.holderId;
	}

	/**
	 * Says which clusters are held and by whom, in one line: "183 clusters held by
	 * release ch-25-4 (a/b/c, a/b/d, a/b/e and 180 more)".
	 */
	public static String summary(List<Claim> held) {
		Map<String, List<Claim>> byHolder = held.stream()
			.collect(Collectors.groupingBy(Claim::holder, LinkedHashMap::new, Collectors.toList()));
		return byHolder.entrySet()
			.stream()
			.map((entry) -> entry.getValue().size() + ((entry.getValue().size() == 1) ? " cluster" : " clusters")
					+ " held by " + entry.getKey() + " (" + named(entry.getValue()) + ")")
			.collect(Collectors.joining(", "));
	}

	private static String named(List<Claim> claims) {
		String named = claims.stream().limit(NAMED).map(Claim::cluster).collect(Collectors.joining(", "));
		return (claims.size() > NAMED) ? named + " and " + (claims.size() - NAMED) + " more" : named;
	}

}
