package io.spindle.shuffle.spill;

import io.spindle.util.Exceptions;
import java.util.Arrays;

/**
 * An open-addressing hash map from key to combiner, built for aggregation: one probe sequence per
 * record (no get-then-put), no entry objects, keys and values side by side in one array.
 * Null keys are allowed. Not thread-safe; one per task.
 *
 * <p>Integer keys and combiners (a sum or count per int key: reduceByKey over ints) are kept as
 * ints, not boxes, for as long as every key and combiner is one: a map of a million entries is
 * then three flat arrays instead of two million small objects, which young collections copy and
 * full ones trace for as long as the map lives (W2's 16-times input spent 15% of its time in GC
 * with boxes). The first key or combiner of another class (or a null key) boxes what is there and
 * goes on as before; the aggregator's functions always see boxes, so they cannot tell.
 */
public final class CombineMap<K, V, C> {
  private static final Object NULL_KEY = new Object();
  private static final double LOAD = 0.65;

  /** Whether the map is in its int form (intKeys, intCombiners, used) rather than {@link #data}. */
  private boolean ints = true;
  /** data[2i] = key (null = empty slot), data[2i+1] = combiner. */
  private Object[] data;
  private int[] intKeys;
  private int[] intCombiners;
  private boolean[] used;
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

  /** A new empty table; large ones come from (and go back to) the thread's {@link ArrayRecycler}. */
  private void allocate(int capacity) {
    ArrayRecycler arrays = ArrayRecycler.current();
    if (ints) {
      intKeys = arrays.ints(capacity);
      intCombiners = arrays.ints(capacity);
      used = arrays.flags(capacity);
    } else {
      data = arrays.objects(2 * capacity);
    }
    mask = capacity - 1;
    growAt = (int) (capacity * LOAD);
  }

  public int size() {
    return size;
  }

  private static boolean isInt(Object o) {
    return o != null && o.getClass() == Integer.class;
  }

  /** Creates or updates the combiner of {@code key} with a raw value (mergeValue). */
  @SuppressWarnings("unchecked")
  public void insertValue(K key, V value, Aggregator<K, V, C> agg) {
    if (ints) { // apart, so that the boxed path stays as small as it was (it is inlined into the task's loop)
      insertValueAsInts(key, value, agg);
      return;
    }
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

  @SuppressWarnings("unchecked")
  private void insertValueAsInts(K key, V value, Aggregator<K, V, C> agg) {
    if (!isInt(key)) {
      toObjects();
      insertValue(key, value, agg);
      return;
    }
    int k = (Integer) key;
    int slot = intSlotOf(k);
    boolean found = used[slot];
    try {
      C c = found ? agg.mergeValue().call((C) Integer.valueOf(intCombiners[slot]), value)
          : agg.createCombiner().call(value);
      putFromInts(slot, key, c, found);
    } catch (Exception e) {
      throw Exceptions.sneakyThrow(e);
    }
  }

  /** Creates or updates the combiner of {@code key} with another combiner (mergeCombiners). */
  @SuppressWarnings("unchecked")
  public void insertCombiner(K key, C combiner, Aggregator<K, V, C> agg) {
    if (ints) {
      insertCombinerAsInts(key, combiner, agg);
      return;
    }
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

  @SuppressWarnings("unchecked")
  private void insertCombinerAsInts(K key, C combiner, Aggregator<K, V, C> agg) {
    if (!isInt(key) || !isInt(combiner)) {
      toObjects();
      insertCombiner(key, combiner, agg);
      return;
    }
    int k = (Integer) key;
    int slot = intSlotOf(k);
    boolean found = used[slot];
    try {
      C c = found ? agg.mergeCombiners().call((C) Integer.valueOf(intCombiners[slot]), combiner) : combiner;
      putFromInts(slot, key, c, found);
    } catch (Exception e) {
      throw Exceptions.sneakyThrow(e);
    }
  }

  /** Sets the new combiner of an Integer {@code key} found at (or new to) {@code slot}: an int while it is one. */
  private void putFromInts(int slot, K key, Object combiner, boolean found) {
    if (isInt(combiner)) {
      putInt(slot, (Integer) key, (Integer) combiner, found);
    } else {
      toObjects();
      put(key, combiner);
    }
  }

  private void putInt(int slot, int key, int combiner, boolean found) {
    intCombiners[slot] = combiner;
    if (!found) {
      intKeys[slot] = key;
      used[slot] = true;
      if (++size >= growAt) {
        grow();
      }
    }
  }

  /** Sets {@code key}'s combiner (boxed form), adding the key if new. */
  private void put(Object key, Object combiner) {
    Object k = key == null ? NULL_KEY : key;
    int slot = slotOf(k);
    boolean added = data[slot] == null;
    data[slot] = k;
    data[slot + 1] = combiner;
    if (added && ++size >= growAt) {
      grow();
    }
  }

  /**
   * Leaves the int form: every entry boxed, in the same slot (an Integer's hash is its value, so
   * its probe sequence is the one its int had).
   */
  private void toObjects() {
    ArrayRecycler arrays = ArrayRecycler.current();
    Object[] d = arrays.objects(2 * (mask + 1));
    for (int i = 0; i <= mask; i++) {
      if (used[i]) {
        d[2 * i] = intKeys[i];
        d[2 * i + 1] = intCombiners[i];
      }
    }
    data = d;
    arrays.giveTable(null, intKeys, intCombiners, used);
    intKeys = null;
    intCombiners = null;
    used = null;
    ints = false;
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

  /** The int form's slot of {@code k} (its hash is itself, as an Integer's), or the empty slot where it belongs. */
  private int intSlotOf(int k) {
    int i = mix(k) & mask;
    while (used[i] && intKeys[i] != k) {
      i = (i + 1) & mask;
    }
    return i;
  }

  private static int mix(int h) {
    h *= 0x9E3779B9;
    return h ^ (h >>> 16);
  }

  private void grow() {
    if (ints) {
      int[] oldKeys = intKeys;
      int[] oldCombiners = intCombiners;
      boolean[] oldUsed = used;
      allocate(2 * (mask + 1));
      for (int i = 0; i < oldKeys.length; i++) {
        if (oldUsed[i]) {
          int slot = intSlotOf(oldKeys[i]);
          intKeys[slot] = oldKeys[i];
          intCombiners[slot] = oldCombiners[i];
          used[slot] = true;
        }
      }
      ArrayRecycler.current().giveTable(null, oldKeys, oldCombiners, oldUsed);
      return;
    }
    Object[] old = data;
    allocate(2 * (mask + 1));
    for (int i = 0; i < old.length; i += 2) {
      if (old[i] != null) {
        int slot = slotOf(old[i]);
        data[slot] = old[i];
        data[slot + 1] = old[i + 1];
      }
    }
    ArrayRecycler.current().give(old);
  }

  /** Visits every entry; the key passed is the user's key (null restored). */
  public interface EntryVisitor<K, C> {
    void visit(K key, C combiner) throws Exception;
  }

  @SuppressWarnings("unchecked")
  public void forEach(EntryVisitor<K, C> visitor) {
    try {
      if (ints) {
        for (int i = 0; i <= mask; i++) {
          if (used[i]) {
            visitor.visit((K) Integer.valueOf(intKeys[i]), (C) Integer.valueOf(intCombiners[i]));
          }
        }
        return;
      }
      Object[] d = data;
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
    if (ints) {
      return intIterator();
    }
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

  @SuppressWarnings("unchecked")
  private java.util.Iterator<io.spindle.function.Pair<K, C>> intIterator() {
    final int[] keys = intKeys;
    final int[] combiners = intCombiners;
    final boolean[] occupied = used;
    return new java.util.Iterator<>() {
      private int i = advance(0);

      private int advance(int from) {
        int j = from;
        while (j < occupied.length && !occupied[j]) {
          j++;
        }
        return j;
      }

      @Override
      public boolean hasNext() {
        return i < occupied.length;
      }

      @Override
      public io.spindle.function.Pair<K, C> next() {
        if (i >= occupied.length) {
          throw new java.util.NoSuchElementException();
        }
        io.spindle.function.Pair<K, C> pair =
            new io.spindle.function.Pair<>((K) Integer.valueOf(keys[i]), (C) Integer.valueOf(combiners[i]));
        i = advance(i + 1);
        return pair;
      }
    };
  }

  /** Bytes of the slot table itself (references, or ints and a flag per slot; boxed keys and combiners are extra). */
  public long tableBytes() {
    return ints ? 48 + 9L * (mask + 1) : 16 + 4L * data.length;
  }

  /**
   * Estimated bytes of {@code samples} entries (key + combiner) picked at random, scaled to all
   * entries, plus the table: what a spillable map reports between samples.
   */
  public long estimateBytes(java.util.Random random, int samples) {
    if (size == 0 || ints) {
      return tableBytes(); // the int form has nothing outside its table
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
    if (ints) {
      return drainSortedInts(partitioner, byHash);
    }
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
    long[] sortKeys = ArrayRecycler.current().longs(ArrayRecycler.keptLength(n)); // n or more; only n are used
    for (int e = 0; e < n; e++) {
      Object k = d[2 * e] == NULL_KEY ? null : d[2 * e];
      int partition = partitioner == null ? 0 : partitioner.getPartition(k);
      sortKeys[e] = ((long) partition << 32) | ((io.spindle.shuffle.spill.RecordCursor.hash(k) ^ 0x80000000) & 0xFFFFFFFFL);
    }
    sort(sortKeys, new ObjectPairs(d), n, byHash, partitioner);
    allocate(64);
    size = 0;
    return new SortedEntries(d, null, null, null, sortKeys, n);
  }

  private SortedEntries drainSortedInts(io.spindle.function.Partitioner partitioner, boolean byHash) {
    int[] keys = intKeys; // the entries move to the front of the table itself (slot i >= n), no copy
    int[] combiners = intCombiners;
    boolean[] occupied = used;
    int n = 0;
    for (int i = 0; i <= mask; i++) {
      if (occupied[i]) {
        keys[n] = keys[i];
        combiners[n] = combiners[i];
        n++;
      }
    }
    intKeys = null;
    intCombiners = null;
    used = null;
    long[] sortKeys = ArrayRecycler.current().longs(ArrayRecycler.keptLength(n)); // n or more; only n are used
    for (int e = 0; e < n; e++) {
      int partition = partitioner == null ? 0 : partitioner.getPartition(Integer.valueOf(keys[e]));
      sortKeys[e] = ((long) partition << 32) | ((keys[e] ^ 0x80000000) & 0xFFFFFFFFL); // an Integer's hash is itself
    }
    sort(sortKeys, new IntPairs(keys, combiners), n, byHash, partitioner);
    allocate(64);
    size = 0;
    return new SortedEntries(null, keys, combiners, occupied, sortKeys, n);
  }

  private static void sort(long[] sortKeys, PairSort.Companion entries, int n, boolean byHash,
      io.spindle.function.Partitioner partitioner) {
    if (byHash) {
      PairSort.sort(sortKeys, entries, 0, n - 1);
    } else {
      PairSort.bucketByPartition(sortKeys, entries, n, partitioner == null ? 1 : partitioner.numPartitions());
    }
  }

  /** The boxed form's entries, (key, combiner) pairs side by side, as the sort's companion. */
  private record ObjectPairs(Object[] d) implements PairSort.Companion {
    @Override
    public void swap(int i, int j) {
      Object a = d[2 * i];
      Object b = d[2 * i + 1];
      d[2 * i] = d[2 * j];
      d[2 * i + 1] = d[2 * j + 1];
      d[2 * j] = a;
      d[2 * j + 1] = b;
    }
  }

  /** The int form's entries as the sort's companion. */
  private record IntPairs(int[] keys, int[] combiners) implements PairSort.Companion {
    @Override
    public void swap(int i, int j) {
      int k = keys[i];
      keys[i] = keys[j];
      keys[j] = k;
      int c = combiners[i];
      combiners[i] = combiners[j];
      combiners[j] = c;
    }
  }

  /**
   * Entries sorted by (partition, hash), read partition by partition as a cursor. It owns the
   * drained table; {@link #release()} hands the arrays on to the thread's next table.
   */
  public static final class SortedEntries implements io.spindle.shuffle.spill.RecordCursor {
    /** The boxed form's (key, combiner) pairs, or null when the int form's keys and combiners are set. */
    private Object[] data;
    private int[] keys;
    private int[] combiners;
    /** The int form's drained occupancy flags, kept only to be handed on. */
    private boolean[] used;
    private long[] sortKeys;
    private final int n;
    private int next;
    private int partition;
    private int current = -1;

    SortedEntries(Object[] data, int[] keys, int[] combiners, boolean[] used, long[] sortKeys, int n) {
      this.data = data;
      this.keys = keys;
      this.combiners = combiners;
      this.used = used;
      this.sortKeys = sortKeys;
      this.n = n;
    }

    /**
     * Hands the arrays to this thread's {@link ArrayRecycler} once the entries have been read (or
     * are no longer wanted); reading afterwards fails.
     */
    public void release() {
      ArrayRecycler arrays = ArrayRecycler.current();
      arrays.giveTable(data, keys, combiners, used);
      arrays.give(sortKeys);
      data = null;
      keys = null;
      combiners = null;
      used = null;
      sortKeys = null;
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
      if (data == null) {
        return keys[current];
      }
      Object k = data[2 * current];
      return k == NULL_KEY ? null : k;
    }

    @Override
    public Object value() {
      return data == null ? combiners[current] : data[2 * current + 1];
    }
  }

  /** Quicksort of long keys carrying the entries of a companion along. */
  private static final class PairSort {
    /** What moves with the sort keys: entry i swapped with entry j. */
    interface Companion {
      void swap(int i, int j);
    }

    static void sort(long[] k, Companion d, int lo, int hi) {
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
    static void bucketByPartition(long[] k, Companion d, int n, int partitions) {
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

    private static void swap(long[] k, Companion d, int i, int j) {
      long t = k[i];
      k[i] = k[j];
      k[j] = t;
      d.swap(i, j);
    }
  }

  /**
   * Hands the table to this thread's {@link ArrayRecycler}, for the next map's; the map must not be
   * used afterwards (nor an iterator of it, past its end).
   */
  public void release() {
    ArrayRecycler.current().giveTable(data, intKeys, intCombiners, used);
    data = null;
    intKeys = null;
    intCombiners = null;
    used = null;
    size = 0;
  }

  /** Frees the arrays (a map can be large; the task may go on for a while). */
  public void clear() {
    if (ints) {
      Arrays.fill(used, false);
    } else {
      Arrays.fill(data, null);
    }
    size = 0;
  }
}
