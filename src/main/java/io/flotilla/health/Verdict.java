package io.flotilla.health;

/**
 * What one check found on one cluster, in words an operator reads in an event or a Slack
 * message.
 *
 * @param check the check's name
 * @param passed whether the cluster passed
 * @param value the measured value in words or as a number ("12", "3 restarts", "503"),
 * empty when nothing was measured
 * @param limit the threshold in words ("10", "2 x baseline 0.4")
 * @param description one sentence: what was measured against what, on which cluster, or
 * why nothing could be ("Prometheus unreachable at http://…: connection refused")
 */
public record Verdict(String check, boolean passed, String value, String limit, String description) {

	static Verdict pass(String check, String value, String limit, String description) {
		return new Verdict(check, true, value, limit, description);
	}

	static Verdict fail(String check, String value, String limit, String description) {
		return new Verdict(check, false, value, limit, description);
	}

}
