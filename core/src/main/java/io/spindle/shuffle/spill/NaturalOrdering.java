package io.spindle.shuffle.spill;

/**
 * Marks a comparator that orders keys by their own {@code compareTo} (the natural ordering
 * {@code sortByKey} uses by default). The sorter then may order String, Integer, Long and Double
 * keys by binary prefixes ({@link KeyPrefix}) and call the comparator only on ties.
 */
public interface NaturalOrdering {}
