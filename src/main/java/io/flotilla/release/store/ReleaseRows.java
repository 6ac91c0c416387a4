package io.flotilla.release.store;

import java.util.List;

/**
 * A page of release rows and how many rows the query matched in all.
 */
public record ReleaseRows(List<ReleaseRecord> items, long total) {

}
