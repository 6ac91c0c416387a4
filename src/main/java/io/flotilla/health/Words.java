package io.flotilla.health;

import java.math.BigDecimal;
import java.math.MathContext;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.flotilla.fleet.ClusterRef;

/**
 * The few ways verdicts put things in words, so that every kind of check says numbers,
 * clusters and failures alike.
 */
final class Words {

	private Words() {
	}

	/**
	 * A measured number as a person reads it: {@code 12}, {@code 0.4}, {@code 2.667}.
	 */
	static String number(double value) {
		if (Double.isNaN(value) || Double.isInfinite(value)) {
			return Double.toString(value);
		}
		return new BigDecimal(value).round(new MathContext(4)).stripTrailingZeros().toPlainString();
	}

	/**
	 * {@code namespace/name}, as an operator names a cluster.
	 */
	static String where(ClusterRef cluster) {
		return cluster.namespace() + "/" + cluster.name();
	}

	/**
	 * {@code 10s}, {@code 1.5s}, {@code 10m}.
	 */
	static String duration(Duration duration) {
		return duration.toString().substring(2).toLowerCase(Locale.ROOT);
	}

	/**
	 * A label selector in the API's words: {@code k=v,k2=v2}.
	 */
	static String selector(Map<String, String> labels) {
		return new TreeMap<>(labels).entrySet()
			.stream()
			.map((label) -> label.getKey() + "=" + label.getValue())
			.collect(Collectors.joining(","));
	}

	/**
	 * Why a call failed, short: the HTTP status and the server's message, "connection
	 * refused", or the first message among the causes. The JDK's HTTP client often throws
	 * a {@link ConnectException} without a message, hence the words of its own.
	 */
	static String reason(Throwable failure) {
		if (failure instanceof KubernetesClientException kubernetes && kubernetes.getCode() > 0) {
			String message = (kubernetes.getStatus() != null) ? kubernetes.getStatus().getMessage() : null;
			return kubernetes.getCode() + ((message != null && !message.isBlank()) ? " " + message : "");
		}
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof ConnectException) {
				return "connection refused";
			}
			if (cause instanceof HttpTimeoutException) {
				return "no answer in time";
			}
		}
		Throwable cause = failure;
		while (cause.getCause() != null && (cause.getMessage() == null || cause.getMessage().isBlank())) {
			cause = cause.getCause();
		}
		return (cause.getMessage() != null && !cause.getMessage().isBlank()) ? cause.getMessage()
				: cause.getClass().getSimpleName();
	}

}
