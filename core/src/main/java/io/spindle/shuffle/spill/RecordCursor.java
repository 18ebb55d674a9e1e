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

  /**
   * The records as {@link io.spindle.function.Pair}s; {@code onEnd} runs once when the last one has been
   * read (to close run files and release memory early).
   */
  @SuppressWarnings("unchecked")
  static <K, V> java.util.Iterator<io.spindle.function.Pair<K, V>> asIterator(RecordCursor cursor, Runnable onEnd) {
    return new java.util.Iterator<>() {
      private boolean ready;
      private boolean done;

      @Override
      public boolean hasNext() {
        if (!ready && !done) {
          ready = cursor.advance();
          done = !ready;
          if (done) {
            onEnd.run();
          }
        }
        return ready;
      }

      @Override
      public io.spindle.function.Pair<K, V> next() {
        if (!hasNext()) {
          throw new java.util.NoSuchElementException();
        }
        ready = false;
        return new io.spindle.function.Pair<>((K) cursor.key(), (V) cursor.value());
      }
    };
  }

  /** Hash used to order runs for aggregation; the same function wherever runs are written or read. */
  static int hash(Object key) {
    return key == null ? 0 : key.hashCode();
  }
}
