package io.flotilla.console.admin;

import java.util.List;

/**
 * One page of a long listing, and whether another follows: enough for previous and next
 * links without counting every row of a large table.
 */
record Page<T>(List<T> items, int number, boolean hasNext) {

	/** Rows per page on every paged console page. */
	static final int SIZE = 25;

	/**
	 * The page from rows read one past its end, the extra row telling that another page
	 * follows.
	 */
	static <T> Page<T> of(List<T> readOneMore, int number, int size) {
		return new Page<>(readOneMore.subList(0, Math.min(readOneMore.size(), size)), number,
				readOneMore.size() > size);
	}

	public boolean hasPrevious() {
		return this.number > 0;
	}

	/** The last page whose first row an int still numbers. */
	private static final int LAST = Integer.MAX_VALUE / SIZE - 1;

	/**
	 * The page asked for, from a request parameter that may be missing, negative or
	 * absurdly far.
	 */
	static int number(Integer asked) {
		return (asked == null) ? 0 : Math.min(Math.max(0, asked), LAST);
	}

}
