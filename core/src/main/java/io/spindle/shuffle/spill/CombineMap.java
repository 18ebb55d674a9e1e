package io.spindle.shuffle.spill;

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
  public java.util.Iterator<io.spindle.function.Pair<K, C>> iterator() {
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
      public io.spindle.function.Pair<K, C> next() {
        if (i >= d.length) {
          throw new java.util.NoSuchElementException();
        }
        Object k = d[i];
        io.spindle.function.Pair<K, C> pair = new io.spindle.function.Pair<>(k == NULL_KEY ? null : (K) k, (C) d[i + 1]);
        i = advance(i + 2);
        return pair;
      }
    };
  }

  /** Bytes of the slot table itself (references only; keys and combiners are extra). */
  public long tableBytes() {
    return 16 + 4L * data.length;
  }

  /**
   * Estimated bytes of {@code samples} entries (key + combiner) picked at random, scaled to all
   * entries, plus the table: what a spillable map reports between samples.
   */
  public long estimateBytes(java.util.Random random, int samples) {
    if (size == 0) {
      return tableBytes();
    }
    long sum = 0;
    int taken = 0;
    Object[] d = data;
    for (int s = 0; s < samples; s++) {
      int i = 2 * random.nextInt(mask + 1);
      while (d[i] == null) {
        i = (i + 2) & (d.length - 1);
      }
      sum += io.spindle.storage.SizeEstimator.estimate(d[i]) + io.spindle.storage.SizeEstimator.estimate(d[i + 1]);
      taken++;
    }
    return tableBytes() + sum * size / taken;
  }

  /**
   * Hands over all entries sorted by (partition of the key, key hash) and leaves this map empty
   * and small: the spill path (and the final write) of a spillable aggregation. No copy of the
   * entries is made; the sorted view owns the old table.
   */
  public SortedEntries drainSorted(io.spindle.function.Partitioner partitioner) {
    return drainSorted(partitioner, true);
  }

  /**
   * Like {@link #drainSorted(io.spindle.function.Partitioner)}; with {@code byHash} false entries are only
   * grouped by partition (a linear in-place bucket sort), enough when no merge by hash follows.
   */
  public SortedEntries drainSorted(io.spindle.function.Partitioner partitioner, boolean byHash) {
    Object[] d = data;
    int n = 0;
    for (int i = 0; i < d.length; i += 2) { // compact the pairs to the front
      if (d[i] != null) {
        d[2 * n] = d[i];
        d[2 * n + 1] = d[i + 1];
        if (2 * n != i) {
          d[i] = null;
          d[i + 1] = null;
        }
        n++;
      }
    }
    long[] sortKeys = new long[n];
    for (int e = 0; e < n; e++) {
      Object k = d[2 * e] == NULL_KEY ? null : d[2 * e];
      int partition = partitioner == null ? 0 : partitioner.getPartition(k);
      sortKeys[e] = ((long) partition << 32) | ((io.spindle.shuffle.spill.RecordCursor.hash(k) ^ 0x80000000) & 0xFFFFFFFFL);
    }
    if (byHash) {
      PairSort.sort(sortKeys, d, 0, n - 1);
    } else {
      PairSort.bucketByPartition(sortKeys, d, n, partitioner == null ? 1 : partitioner.numPartitions());
    }
    allocate(64);
    size = 0;
    return new SortedEntries(d, sortKeys, n);
  }

  /** Entries sorted by (partition, hash), read partition by partition as a cursor. */
  public static final class SortedEntries implements io.spindle.shuffle.spill.RecordCursor {
    private final Object[] data;
    private final long[] sortKeys;
    private final int n;
    private int next;
    private int partition;
    private int current = -1;

    SortedEntries(Object[] data, long[] sortKeys, int n) {
      this.data = data;
      this.sortKeys = sortKeys;
      this.n = n;
    }

    public int size() {
      return n;
    }

    /** Positions on {@code p}'s entries; partitions must be asked for in increasing order. */
    public SortedEntries partition(int p) {
      while (next < n && (int) (sortKeys[next] >>> 32) < p) {
        next++;
      }
      partition = p;
      return this;
    }

    @Override
    public boolean advance() {
      if (next < n && (int) (sortKeys[next] >>> 32) == partition) {
        current = next++;
        return true;
      }
      return false;
    }

    /** The partition of the next entry, or -1 at the end (to skip empty partitions). */
    public int nextPartition() {
      return next < n ? (int) (sortKeys[next] >>> 32) : -1;
    }

    @Override
    public Object key() {
      Object k = data[2 * current];
      return k == NULL_KEY ? null : k;
    }

    @Override
    public Object value() {
      return data[2 * current + 1];
    }
  }

  /** Quicksort of long keys carrying (key, value) pairs of a parallel array along. */
  private static final class PairSort {
    static void sort(long[] k, Object[] d, int lo, int hi) {
      while (hi - lo > 16) {
        long pivot = median(k[lo], k[(lo + hi) >>> 1], k[hi]);
        int i = lo;
        int j = hi;
        while (i <= j) {
          while (k[i] < pivot) {
            i++;
          }
          while (k[j] > pivot) {
            j--;
          }
          if (i <= j) {
            swap(k, d, i++, j--);
          }
        }
        if (j - lo < hi - i) { // recurse into the smaller side, loop on the larger
          sort(k, d, lo, j);
          lo = i;
        } else {
          sort(k, d, i, hi);
          hi = j;
        }
      }
      for (int i = lo + 1; i <= hi; i++) {
        for (int j = i; j > lo && k[j - 1] > k[j]; j--) {
          swap(k, d, j, j - 1);
        }
      }
    }

    /** In-place bucket sort on the partition (high 32 bits): American flag sort, O(n). */
    static void bucketByPartition(long[] k, Object[] d, int n, int partitions) {
      int[] next = new int[partitions + 1];
      for (int i = 0; i < n; i++) {
        next[(int) (k[i] >>> 32) + 1]++;
      }
      for (int p = 0; p < partitions; p++) {
        next[p + 1] += next[p];
      }
      int[] end = new int[partitions];
      for (int p = 0; p < partitions; p++) {
        end[p] = next[p + 1];
      }
      for (int p = 0; p < partitions; p++) {
        while (next[p] < end[p]) {
          int q = (int) (k[next[p]] >>> 32);
          if (q == p) {
            next[p]++;
          } else {
            swap(k, d, next[p], next[q]++);
          }
        }
      }
    }

    private static long median(long a, long b, long c) {
      return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    }

    private static void swap(long[] k, Object[] d, int i, int j) {
      long t = k[i];
      k[i] = k[j];
      k[j] = t;
      Object a = d[2 * i];
      Object b = d[2 * i + 1];
      d[2 * i] = d[2 * j];
      d[2 * i + 1] = d[2 * j + 1];
      d[2 * j] = a;
      d[2 * j + 1] = b;
    }
  }

  /** Frees the arrays (a map can be large; the task may go on for a while). */
  public void clear() {
    Arrays.fill(data, null);
    size = 0;
  }
}
