package io.spindle.status;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Entries in arrival order, at most {@code limit} of them finished: when there are more, the oldest
 * finished ones go (Spark's spark.ui.retainedJobs / retainedStages). Unfinished entries always stay.
 * Not thread-safe: the {@link AppStatusListener}'s lock guards it.
 */
final class Retained<K, V> {
  private final Map<K, V> entries = new LinkedHashMap<>();
  private final int limit;
  private final Predicate<V> finished;

  Retained(int limit, Predicate<V> finished) {
    this.limit = limit;
    this.finished = finished;
  }

  V get(K key) {
    return entries.get(key);
  }

  void put(K key, V value) {
    entries.put(key, value);
    trim();
  }

  /** Call when an entry finished: it may now count against the limit. */
  void trim() {
    if (entries.size() <= limit) {
      return;
    }
    int finishedCount = 0;
    for (V v : entries.values()) {
      if (finished.test(v)) {
        finishedCount++;
      }
    }
    Iterator<V> it = entries.values().iterator();
    while (finishedCount > limit && it.hasNext()) {
      if (finished.test(it.next())) {
        it.remove();
        finishedCount--;
      }
    }
  }

  List<V> values() {
    return new ArrayList<>(entries.values());
  }
}
