package io.spindle.rdd;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * The {@code limit} smallest elements seen so far by an ordering (takeOrdered, top): a max-heap
 * of at most {@code limit} elements whose head is the largest kept, so each offer is O(log limit)
 * and memory stays bounded however long the partition is.
 */
public final class BoundedPriorityQueue<T> {
  private final int limit;
  private final Comparator<? super T> ordering;
  private final PriorityQueue<T> heap;

  public BoundedPriorityQueue(int limit, Comparator<? super T> ordering) {
    this.limit = limit;
    this.ordering = ordering;
    this.heap = new PriorityQueue<>(Math.max(1, Math.min(limit, 1024)), (a, b) -> ordering.compare(b, a));
  }

  public void offer(T x) {
    if (heap.size() < limit) {
      heap.add(x);
    } else if (limit > 0 && ordering.compare(x, heap.peek()) < 0) {
      heap.poll();
      heap.add(x);
    }
  }

  /** The kept elements, smallest first. */
  public ArrayList<T> toSortedList() {
    ArrayList<T> out = new ArrayList<>(heap);
    out.sort(ordering);
    return out;
  }
}
