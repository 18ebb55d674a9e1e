package io.spindle.shuffle.spill;

import java.util.Comparator;

/**
 * Marks a comparator that is another one backwards, so the sorter can see a reversed
 * {@link NaturalOrdering} (descending {@code sortByKey}) and still use binary key prefixes.
 */
public interface ReversedOrdering {
  /** The ordering this one reverses. */
  Comparator<?> ordering();
}
