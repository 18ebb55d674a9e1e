package io.spindle.shuffle.spill;

/**
 * A forward-only stream of (key, value) records without an object per record: {@link #advance()}
 * moves to the next one and {@link #key()} / {@link #value()} read it until the next advance.
 */
public interface RecordCursor {
  /** Moves to the next record; false at the end. */
  boolean advance();

  Object key();

  Object value();

  /** Hash used to order runs for aggregation; the same function wherever runs are written or read. */
  static int hash(Object key) {
    return key == null ? 0 : key.hashCode();
  }
}
