package io.spindle.shuffle;

import io.spindle.rdd.Aggregator;
import io.spindle.util.Exceptions;
import java.util.Arrays;

/**
 * An open-addressing hash map from key to combiner, built for aggregation: one probe sequence per
 * record (no get-then-put), no entry objects, keys and values side by side in one array.
 * Null keys are allowed. Not thread-safe; one per task.
 */
public final class CombineMap<K, V, C> {
  private static final Object NULL_KEY = new Object();
  private static final double LOAD = 0.65;

  /** data[2i] = key (null = empty slot), data[2i+1] = combiner. */
  private Object[] data;
  private int mask;
  private int size;
  private int growAt;

  public CombineMap() {
    this(64);
  }

  public CombineMap(int initialCapacity) {
    int cap = Integer.highestOneBit(Math.max(16, initialCapacity) - 1) << 1;
    allocate(cap);
  }

  private void allocate(int capacity) {
    data = new Object[2 * capacity];
    mask = capacity - 1;
    growAt = (int) (capacity * LOAD);
  }

  public int size() {
    return size;
  }

  /** Creates or updates the combiner of {@code key} with a raw value (mergeValue). */
  @SuppressWarnings("unchecked")
  public void insertValue(K key, V value, Aggregator<K, V, C> agg) {
    Object k = key == null ? NULL_KEY : key;
    int slot = slotOf(k);
    Object[] d = data;
    try {
      if (d[slot] == null) {
        d[slot] = k;
        d[slot + 1] = agg.createCombiner().call(value);
        if (++size >= growAt) {
          grow();
        }
      } else {
        d[slot + 1] = agg.mergeValue().call((C) d[slot + 1], value);
      }
    } catch (Exception e) {
      throw Exceptions.sneakyThrow(e);
    }
  }

  /** Creates or updates the combiner of {@code key} with another combiner (mergeCombiners). */
  @SuppressWarnings("unchecked")
  public void insertCombiner(K key, C combiner, Aggregator<K, V, C> agg) {
    Object k = key == null ? NULL_KEY : key;
    int slot = slotOf(k);
    Object[] d = data;
    try {
      if (d[slot] == null) {
        d[slot] = k;
        d[slot + 1] = combiner;
        if (++size >= growAt) {
          grow();
        }
      } else {
        d[slot + 1] = agg.mergeCombiners().call((C) d[slot + 1], combiner);
      }
    } catch (Exception e) {
      throw Exceptions.sneakyThrow(e);
    }
  }

  /** Index in {@code data} of the key's slot, or of the empty slot where it belongs. */
  private int slotOf(Object k) {
    int h = mix(k.hashCode());
    Object[] d = data;
    int i = h & mask;
    while (true) {
      Object cur = d[2 * i];
      if (cur == null || cur == k || cur.equals(k)) {
        return 2 * i;
      }
      i = (i + 1) & mask;
    }
  }

  private static int mix(int h) {
    h *= 0x9E3779B9;
    return h ^ (h >>> 16);
  }

  private void grow() {
    Object[] old = data;
    allocate(2 * (mask + 1));
    for (int i = 0; i < old.length; i += 2) {
      if (old[i] != null) {
        int slot = slotOf(old[i]);
        data[slot] = old[i];
        data[slot + 1] = old[i + 1];
      }
    }
  }

  /** Visits every entry; the key passed is the user's key (null restored). */
  public interface EntryVisitor<K, C> {
    void visit(K key, C combiner) throws Exception;
  }

  @SuppressWarnings("unchecked")
  public void forEach(EntryVisitor<K, C> visitor) {
    Object[] d = data;
    try {
      for (int i = 0; i < d.length; i += 2) {
        if (d[i] != null) {
          visitor.visit(d[i] == NULL_KEY ? null : (K) d[i], (C) d[i + 1]);
        }
      }
    } catch (Exception e) {
      throw Exceptions.sneakyThrow(e);
    }
  }

  /** Iterates the entries as pairs (one allocation per entry, as the consumer needs a record). */
  public java.util.Iterator<io.spindle.Pair<K, C>> iterator() {
    final Object[] d = data;
    return new java.util.Iterator<>() {
      private int i = advance(0);

      private int advance(int from) {
        int j = from;
        while (j < d.length && d[j] == null) {
          j += 2;
        }
        return j;
      }

      @Override
      public boolean hasNext() {
        return i < d.length;
      }

      @Override
      @SuppressWarnings("unchecked")
      public io.spindle.Pair<K, C> next() {
        if (i >= d.length) {
          throw new java.util.NoSuchElementException();
        }
        Object k = d[i];
        io.spindle.Pair<K, C> pair = new io.spindle.Pair<>(k == NULL_KEY ? null : (K) k, (C) d[i + 1]);
        i = advance(i + 2);
        return pair;
      }
    };
  }

  /** Frees the arrays (a map can be large; the task may go on for a while). */
  public void clear() {
    Arrays.fill(data, null);
    size = 0;
  }
}
