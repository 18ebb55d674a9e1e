package io.spindle.shuffle.spill;

import com.esotericsoftware.kryo.Kryo;
import io.spindle.function.Function2;
import io.spindle.function.Pair;
import io.spindle.serializer.KryoSerializer;
import io.spindle.storage.SizeEstimator;
import io.spindle.task.EngineTaskContext;
import io.spindle.util.Exceptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.function.Function;

/**
 * Groups records by key by sorting them on the key's hash, for groupings whose combiner keeps
 * every value (groupByKey, cogroup): the alternative to probing a hash map once per record.
 *
 * <p>Why: a hash map from key to a growing list costs, per record, a chain of dependent cache
 * misses once the keys outgrow the CPU caches (the table slot, the stored key for equals, the
 * list, its array, and the list's re-allocations); profiling groupByKey and join at a million keys
 * put two thirds of their CPU time there. Here a record costs a store into three flat arrays; a
 * stable radix sort on the 32-bit hash (a few sequential passes) then brings each key's records
 * together in arrival order, and each group's combiner is built in one go, while it is hot in the
 * cache. The keys are read in sorted order, so those loads no longer depend on each other.
 *
 * <p>Memory: the buffered records are counted like a spillable map's entries (the arrays exactly,
 * the records by sampling); when the task gets no more memory the buffer is sorted and written as
 * one run of (key, combiner) entries ordered by hash, the format {@link ExternalCombiner}'s runs
 * have, and the runs are merged back with {@link CombiningCursor}. Each record may carry a small
 * tag (cogroup's side), passed to the {@link Grouping}'s functions.
 *
 * <p>Use: insert everything, then call {@link #iterator()} once. Groups come out in key-hash order;
 * a key's values reach its combiner in the order they were inserted.
 */
public final class HashSortGrouper<K, V, C> extends Spillable {
  private static final int SAMPLE_RECORDS = 16;
  private static final int INITIAL_CAPACITY = 1024;

  /**
   * How a group's combiner is built from its records and how two combiners merge. Each call gets
   * how many records of each tag the group has (at most: keys sharing a hash are counted together),
   * so a combiner that keeps values can be allocated at its final size.
   */
  public interface Grouping<V, C> {
    C create(int tag, V value, int[] recordsPerTag) throws Exception;

    C add(C combiner, int tag, V value, int[] recordsPerTag) throws Exception;

    C merge(C a, C b) throws Exception;
  }

  /** The grouping of an {@link Aggregator} (one tag); groupByKey's {@link ValueLists} get presized lists. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static <K, V, C> Grouping<V, C> of(Aggregator<K, V, C> aggregator) {
    if (ValueLists.isValueLists(aggregator)) {
      return (Grouping) ValueLists.presizedGrouping();
    }
    return new Grouping<>() {
      @Override
      public C create(int tag, V value, int[] recordsPerTag) throws Exception {
        return aggregator.createCombiner().call(value);
      }

      @Override
      public C add(C combiner, int tag, V value, int[] recordsPerTag) throws Exception {
        return aggregator.mergeValue().call(combiner, value);
      }

      @Override
      public C merge(C a, C b) throws Exception {
        return aggregator.mergeCombiners().call(a, b);
      }
    };
  }

  private final Grouping<V, C> grouping;
  private final int numTags;
  private final Kryo kryo;
  private final Random random = new Random(42);
  private final SizeTracker tracker = new SizeTracker();
  private final List<SpillRun> runs = new ArrayList<>();
  /*
   * The buffer, one slot per record. Boxed keys and values are not kept when a primitive says the
   * same: a buffer that holds a whole reduce partition lives long enough to be copied by young
   * collections and traced by full ones, and for Integer-keyed data two boxes per record were most
   * of its objects (a join at -Xmx512m spent a third of its time collecting them). So:
   * - keys: null (not allocated) while the hash identifies the key ({@link #hashIdentifiesKey});
   *   each key is rebuilt from its hash when read ({@link #keyFromHash});
   * - values: an Integer value is stored in intValues and its tag marked with INT_VALUE; any
   *   other value (null too) in values. Each array is allocated when its first record comes.
   */
  private static final int INT_VALUE = 0x80; // tags are below 128, so their top bit is free
  private Object[] keys;
  private Object[] values;
  private int[] intValues;
  private int[] hashes = new int[INITIAL_CAPACITY];
  private byte[] tags = new byte[INITIAL_CAPACITY];
  private int size;
  /** Set by the first key; meaningful while {@link #hashIdentifiesKey} holds. */
  private Class<?> keyClass;
  /**
   * True while every key inserted is of one class whose hashCode is its value (Integer, Short,
   * Byte, Character, Boolean): then equal hashes mean equal keys, and grouping need not load
   * each record's key to compare it (the one cache miss per record left), nor keep it.
   */
  private boolean hashIdentifiesKey = true;
  private List<SpillReader> readers;

  /**
   * @param context the running task, or null outside a task (then it never spills)
   * @param kryo borrowed by the caller for the whole task; writes and reads the runs
   */
  public HashSortGrouper(EngineTaskContext context, Grouping<V, C> grouping, Kryo kryo) {
    this(context, grouping, 1, kryo);
  }

  /** @param numTags tags are in [0, numTags), at most 128 */
  public HashSortGrouper(EngineTaskContext context, Grouping<V, C> grouping, int numTags, Kryo kryo) {
    super(context);
    if (numTags < 1 || numTags > 128) {
      throw new IllegalArgumentException("tags must number 1 to 128, not " + numTags);
    }
    this.numTags = numTags;
    this.grouping = grouping;
    this.kryo = kryo;
  }

  /** A grouper for code inside a task that has no Kryo at hand: borrows one for the rest of the task. */
  public static <K, V, C> HashSortGrouper<K, V, C> forTask(EngineTaskContext context, Grouping<V, C> grouping,
      int numTags) {
    if (context == null) {
      return new HashSortGrouper<>(null, grouping, numTags, null);
    }
    KryoSerializer serializer = context.env().serializer();
    Kryo kryo = serializer.borrow();
    context.addTaskCompletionListener(() -> serializer.release(kryo));
    return new HashSortGrouper<>(context, grouping, numTags, kryo);
  }

  public void insert(K key, V value) {
    insert(key, value, 0);
  }

  /** Adds a record with {@code tag} (in [0, numTags)), passed back to the grouping's create/add. */
  public void insert(K key, V value, int tag) {
    if (size == hashes.length) {
      growBuffer();
    }
    if (hashIdentifiesKey && (key == null || key.getClass() != keyClass)) {
      if (keyClass == null && key != null && hashIsValue(key.getClass())) {
        keyClass = key.getClass();
      } else {
        keepKeys();
      }
    }
    if (keys != null) {
      keys[size] = key;
    }
    if (value != null && value.getClass() == Integer.class) {
      if (intValues == null) {
        intValues = new int[hashes.length];
      }
      intValues[size] = (Integer) value;
      tag |= INT_VALUE;
    } else {
      if (values == null) {
        values = new Object[hashes.length];
      }
      values[size] = value;
    }
    hashes[size] = RecordCursor.hash(key);
    tags[size] = (byte) tag;
    size++;
    if (tracker.update()) {
      tracker.sampled(sampleRecordBytes());
    }
    if (sizeCheckDue()) {
      long estimate = bufferBytes() + tracker.estimate();
      if (shouldSpill(size, estimate)) {
        spill(estimate);
      }
    }
  }

  private static boolean hashIsValue(Class<?> c) {
    return c == Integer.class || c == Short.class || c == Byte.class || c == Character.class || c == Boolean.class;
  }

  /** A key arrived whose hash does not identify it: from now on every key is kept, the earlier ones rebuilt. */
  private void keepKeys() {
    keys = new Object[hashes.length];
    for (int i = 0; i < size; i++) {
      keys[i] = keyFromHash(keyClass, hashes[i]);
    }
    hashIdentifiesKey = false;
  }

  /** The key whose class is {@code keyClass} (one {@link #hashIsValue}) and whose hashCode is {@code hash}. */
  private static Object keyFromHash(Class<?> keyClass, int hash) {
    if (keyClass == Integer.class) {
      return hash;
    } else if (keyClass == Short.class) {
      return (short) hash;
    } else if (keyClass == Byte.class) {
      return (byte) hash;
    } else if (keyClass == Character.class) {
      return (char) hash;
    } else if (keyClass == Boolean.class) {
      return hash == Boolean.TRUE.hashCode();
    }
    throw new IllegalStateException("no key is rebuilt from the hash of a " + keyClass);
  }

  private void growBuffer() {
    int capacity = hashes.length + (hashes.length >> 1);
    keys = keys == null ? null : Arrays.copyOf(keys, capacity);
    values = values == null ? null : Arrays.copyOf(values, capacity);
    intValues = intValues == null ? null : Arrays.copyOf(intValues, capacity);
    hashes = Arrays.copyOf(hashes, capacity);
    tags = Arrays.copyOf(tags, capacity);
  }

  /** The arrays themselves (a hash and a tag per slot, keys and values where kept), plus their sort keys later. */
  private long bufferBytes() {
    int slotBytes = 4 + 1 + (keys == null ? 0 : 4) + (values == null ? 0 : 4) + (intValues == null ? 0 : 4);
    return 64 + (long) hashes.length * slotBytes + 16L * size;
  }

  /** Estimated bytes of all buffered records (keys and values) from a few sampled at random. */
  private long sampleRecordBytes() {
    if (size == 0) {
      return 0;
    }
    long sum = 0;
    int n = Math.min(SAMPLE_RECORDS, size);
    for (int s = 0; s < n; s++) {
      int i = random.nextInt(size); // a key rebuilt from its hash, or an int value, costs nothing beyond its slot
      sum += (keys == null ? 0 : SizeEstimator.estimate(keys[i]))
          + ((tags[i] & INT_VALUE) != 0 ? 0 : SizeEstimator.estimate(values[i]));
    }
    return sum * size / n;
  }

  private void spill(long estimate) {
    RecordCursor groups = sortedGroups();
    SpillRun run;
    try (SpillWriter writer = new SpillWriter(SpillFiles.create(context, "group"), kryo, 1,
        SpillFiles.codec(context))) {
      while (groups.advance()) {
        writer.write(0, groups.key(), groups.value());
      }
      run = writer.finish();
    }
    runs.add(run);
    keys = hashIdentifiesKey ? null : new Object[INITIAL_CAPACITY];
    values = null;
    intValues = null;
    hashes = new int[INITIAL_CAPACITY];
    tags = new byte[INITIAL_CAPACITY];
    size = 0;
    tracker.reset();
    spilled(estimate, run);
  }

  /** Every key once with its combiner, in key-hash order; call once, after the last insert. */
  @SuppressWarnings("unchecked")
  public Iterator<Pair<K, C>> iterator() {
    RecordCursor inMemory = sortedGroups();
    if (runs.isEmpty()) {
      return RecordCursor.asIterator(inMemory, this::releaseMemory);
    }
    Function<List<RecordCursor>, RecordCursor> merge =
        cursors -> new CombiningCursor(new MergingCursor(cursors, MergingCursor.byHash()), mergeFunction());
    List<SpillRun> merged = RunMerger.mergeDown(runs, mergeFactor() - 1, 1, kryo, context, "group", merge);
    readers = new ArrayList<>();
    List<RecordCursor> cursors = new ArrayList<>();
    for (SpillRun r : merged) {
      SpillReader reader = new SpillReader(r, kryo);
      readers.add(reader);
      cursors.add(reader.partition(0));
    }
    if (context != null) {
      context.addTaskCompletionListener(this::closeReaders);
    }
    cursors.add(inMemory);
    return RecordCursor.asIterator(merge.apply(cursors), () -> {
      closeReaders();
      releaseMemory();
    });
  }

  private Function2<C, C, C> mergeFunction() {
    return grouping::merge;
  }

  private void closeReaders() {
    if (readers != null) {
      for (SpillReader r : readers) {
        r.close();
      }
      readers = null;
    }
  }

  /** Sorts the buffer by hash and walks it as one (key, combiner) record per key; the buffer is handed over. */
  private RecordCursor sortedGroups() {
    int n = size;
    long[] order = new long[n];
    for (int i = 0; i < n; i++) {
      // unsigned order of the flipped hash = signed order of the hash (as MergingCursor.byHash compares)
      order[i] = ((long) (hashes[i] ^ 0x80000000) << 32) | i;
    }
    order = HashRadixSort.sortByHigh32(order, n);
    return new GroupCursor<>(new Slots(keys, keyClass, hashes, values, intValues, tags), order, n, grouping, numTags,
        hashIdentifiesKey);
  }

  /** A sorted buffer's arrays, read a slot at a time: the key and value as inserted, boxes rebuilt. */
  private record Slots(Object[] keys, Class<?> keyClass, int[] hashes, Object[] values, int[] intValues,
      byte[] tags) {
    Object key(int i) {
      return keys != null ? keys[i] : keyFromHash(keyClass, hashes[i]);
    }

    Object value(int i) {
      return (tags[i] & INT_VALUE) != 0 ? Integer.valueOf(intValues[i]) : values[i];
    }

    int tag(int i) {
      return tags[i] & 0x7F;
    }
  }

  /**
   * The groups of a sorted buffer: records with equal hashes are adjacent; among them, equal keys
   * form one group (a hash shared by different keys gives several groups, gathered with equals).
   */
  private static final class GroupCursor<V, C> implements RecordCursor {
    private final Slots slots;
    private final long[] order;
    private final int n;
    private final Grouping<V, C> grouping;
    private final int[] recordsPerTag;
    private final boolean hashIdentifiesKey;
    private final ArrayList<Object> sameHashKeys = new ArrayList<>();
    private final ArrayList<Object> sameHashCombiners = new ArrayList<>();
    private int next;
    private int emitted;
    private Object key;
    private Object combiner;

    GroupCursor(Slots slots, long[] order, int n, Grouping<V, C> grouping, int numTags, boolean hashIdentifiesKey) {
      this.recordsPerTag = new int[numTags];
      this.hashIdentifiesKey = hashIdentifiesKey;
      this.slots = slots;
      this.order = order;
      this.n = n;
      this.grouping = grouping;
    }

    @Override
    @SuppressWarnings("unchecked")
    public boolean advance() {
      if (emitted < sameHashKeys.size()) { // more keys that shared the last hash
        key = sameHashKeys.get(emitted);
        combiner = sameHashCombiners.get(emitted);
        emitted++;
        return true;
      }
      sameHashKeys.clear();
      sameHashCombiners.clear();
      emitted = 0;
      if (next >= n) {
        return false;
      }
      try {
        long hash = order[next] >>> 32;
        int end = next; // the records sharing this hash: [next, end)
        Arrays.fill(recordsPerTag, 0);
        do {
          recordsPerTag[slots.tag((int) order[end])]++;
          end++;
        } while (end < n && order[end] >>> 32 == hash);
        int first = (int) order[next];
        Object k = slots.key(first);
        C c = grouping.create(slots.tag(first), (V) slots.value(first), recordsPerTag);
        for (next++; next < end; next++) {
          int i = (int) order[next];
          if (hashIdentifiesKey) {
            c = grouping.add(c, slots.tag(i), (V) slots.value(i), recordsPerTag);
            continue;
          }
          Object other = slots.key(i);
          if (other == k || (other != null && other.equals(k))) {
            c = grouping.add(c, slots.tag(i), (V) slots.value(i), recordsPerTag);
          } else {
            addToOtherKey(other, slots.tag(i), (V) slots.value(i));
          }
        }
        key = k;
        combiner = c;
      } catch (Exception e) {
        throw Exceptions.sneakyThrow(e);
      }
      return true;
    }

    /** A record whose key differs from the run's first key but has the same hash (rare). */
    @SuppressWarnings("unchecked")
    private void addToOtherKey(Object k, int tag, V value) throws Exception {
      for (int j = 0; j < sameHashKeys.size(); j++) {
        if (Objects.equals(sameHashKeys.get(j), k)) {
          sameHashCombiners.set(j, grouping.add((C) sameHashCombiners.get(j), tag, value, recordsPerTag));
          return;
        }
      }
      sameHashKeys.add(k);
      sameHashCombiners.add(grouping.create(tag, value, recordsPerTag));
    }

    @Override
    public Object key() {
      return key;
    }

    @Override
    public Object value() {
      return combiner;
    }
  }
}
