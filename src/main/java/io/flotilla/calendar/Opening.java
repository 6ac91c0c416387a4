package io.flotilla.calendar;

import java.time.Instant;

/**
 * One opening of a window: the instants it opens and closes, open from the first up to
 * but not including the second.
 */
record Opening(Window window, Instant opens, Instant closes) {

	boolean contains(Instant instant) {
		return !instant.isBefore(this.opens) && instant.isBefore(this.closes);
	}

}
