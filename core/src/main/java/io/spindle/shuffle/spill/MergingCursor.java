package io.spindle.shuffle.spill;

import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * K-way merge of sorted cursors into one sorted cursor, with a heap of the cursors' current
 * records (Spark's ExternalSorter merge). Each input must be sorted by {@code order}.
 */
public final class MergingCursor implements RecordCursor {
  private final PriorityQueue<RecordCursor> heap;
  private RecordCursor current;

  /** @param order compares two cursors by their current records */
  public MergingCursor(List<? extends RecordCursor> inputs, Comparator<RecordCursor> order) {
    this.heap = new PriorityQueue<>(Math.max(1, inputs.size()), order);
    for (RecordCursor c : inputs) {
      if (c.advance()) {
        heap.add(c);
      }
    }
  }

  /** Orders cursors by key hash (aggregation runs). */
  public static Comparator<RecordCursor> byHash() {
    return (a, b) -> Integer.compare(RecordCursor.hash(a.key()), RecordCursor.hash(b.key()));
  }

  /** Orders cursors by key with the user's ordering (sort runs). */
  @SuppressWarnings("unchecked")
  public static <K> Comparator<RecordCursor> byKey(Comparator<K> ordering) {
    return (a, b) -> ordering.compare((K) a.key(), (K) b.key());
  }

  @Override
  public boolean advance() {
    if (current != null && current.advance()) {
      heap.add(current);
    }
    current = heap.poll();
    return current != null;
  }

  @Override
  public Object key() {
    return current.key();
  }

  @Override
  public Object value() {
    return current.value();
  }
}
