package io.spindle.accumulator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Collects elements into a list (order across tasks unspecified). Spark's
 * {@code CollectionAccumulator}; mind the driver's memory.
 */
public class CollectionAccumulator<T> extends AccumulatorV2<T, List<T>> {
  private static final long serialVersionUID = 1L;

  private final ArrayList<T> list = new ArrayList<>();

  @Override
  public synchronized boolean isZero() {
    return list.isEmpty();
  }

  @Override
  public synchronized CollectionAccumulator<T> copy() {
    CollectionAccumulator<T> copy = new CollectionAccumulator<>();
    copy.list.addAll(list);
    return copy;
  }

  @Override
  public synchronized void reset() {
    list.clear();
  }

  @Override
  public synchronized void add(T v) {
    list.add(v);
  }

  @Override
  public void merge(AccumulatorV2<T, List<T>> other) {
    if (!(other instanceof CollectionAccumulator<T> o)) {
      throw new UnsupportedOperationException("Cannot merge " + getClass().getName() + " with " + other.getClass().getName());
    }
    List<T> items = o.value();
    synchronized (this) {
      list.addAll(items);
    }
  }

  /** A snapshot of the elements. */
  @Override
  public synchronized List<T> value() {
    return Collections.unmodifiableList(new ArrayList<>(list));
  }
}
