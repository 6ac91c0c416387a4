package io.flotilla.calendar;

/**
 * A window or a set of freezes that cannot be used. The message is written for the person
 * who wrote the value, complete on its own, so that a caller can show it where the value
 * came from (a plan reports it at the line and column of the window).
 */
public class CalendarException extends IllegalArgumentException {

	CalendarException(String message) {
		super(message);
	}

}
