package io.flotilla.bench.measure;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * How long after it happened each {@code update} of a server-sent event stream reached
 * its reader: the stream is fed line by line as a browser's {@code EventSource} reads it,
 * and an event's delay runs from the instant its data's {@code at} field names to the
 * blank line that ends it, where a browser dispatches it. Both instants must come from
 * one machine's clock.
 */
public final class UpdateDelays {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final List<Duration> delays = new ArrayList<>();

	private String event;

	private final StringBuilder data = new StringBuilder();

	/**
	 * One line of the stream, without its line end, read at {@code now}.
	 */
	public synchronized void line(String line, Instant now) {
		if (line.isEmpty()) {
			dispatch(now);
		}
		else if (line.startsWith("event:")) {
			this.event = value(line);
		}
		else if (line.startsWith("data:")) {
			this.data.append(this.data.isEmpty() ? "" : "\n").append(value(line));
		}
	}

	/**
	 * The delays of the updates read so far, in the order read.
	 */
	public synchronized List<Duration> delays() {
		return List.copyOf(this.delays);
	}

	private void dispatch(Instant now) {
		if ("update".equals(this.event) && !this.data.isEmpty()) {
			JsonNode at = JSON.readTree(this.data.toString()).get("at");
			if (at != null) {
				this.delays.add(Duration.between(Instant.parse(at.asString()), now));
			}
		}
		this.event = null;
		this.data.setLength(0);
	}

	private static String value(String line) {
		String value = line.substring(line.indexOf(':') + 1);
		return value.startsWith(" ") ? value.substring(1) : value;
	}

}
