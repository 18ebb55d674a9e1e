package io.spindle.shuffle.spill;

import io.spindle.task.EngineTaskContext;
import com.esotericsoftware.kryo.Kryo;
import io.spindle.function.Pair;
import io.spindle.storage.SizeEstimator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;

/**
 * Sorts records by key with an external merge sort (sortByKey's reduce side): records are
 * buffered; when the task cannot get memory for the buffer to grow, it is sorted and spilled as a
 * run; the result merges the runs with the sorted in-memory rest. Equal keys keep no particular
 * order (as in Spark).
 *
 * <p>Two buffers. When the ordering is the keys' natural ordering or its reverse (sortByKey
 * without a comparator) and the keys are Strings, Integers, Longs or Doubles, records are kept
 * serialized with an 8-byte key prefix ({@link SerializedSortBuffer}, {@link KeyPrefix}): sorting
 * is a radix sort of (prefix, address) pairs plus the comparator on ties, spilling copies the bytes
 * as they are, and the memory counted is the bytes held. Otherwise (a user's comparator, other key
 * classes, a null key) records are kept as objects and sorted with the comparator, their size
 * estimated by sampling; a sorter that meets such a key after prefixed ones moves its buffered
 * records over to the object buffer and goes on there, so the comparator sees every key it saw before.
 */
public final class ExternalSorter<K, V> extends Spillable {
  private static final int SAMPLE_RECORDS = 16;

  private final Comparator<K> ordering;
  private final Comparator<Pair<K, V>> recordOrdering;
  private final Kryo kryo;
  private final int mergeFactor;
  private final Random random = new Random(42);
  private final SizeTracker tracker = new SizeTracker();
  private final List<SpillRun> runs = new ArrayList<>();
  private Object[] buffer = new Object[1024];
  private int size;
  /** 1 or -1 when the ordering is natural or reversed natural (prefixes may be used), else 0. */
  private final int direction;
  /** The prefix kind of the keys, chosen at the first key; null until then or when there is none. */
  private KeyPrefix prefix;
  /** The serialized buffer while keys have prefixes; null once the sorter sorts objects. */
  private SerializedSortBuffer serialized;

  public ExternalSorter(EngineTaskContext context, Comparator<K> ordering, Kryo kryo) {
    super(context);
    this.ordering = ordering;
    this.recordOrdering = (a, b) -> ordering.compare(a.key(), b.key());
    this.kryo = kryo;
    this.mergeFactor = mergeFactor();
    this.direction = KeyPrefix.direction(ordering);
  }

  public void insert(Pair<K, V> record) {
    if (serialized != null || (size == 0 && runs.isEmpty() && startsSerialized(record.key()))) {
      K key = record.key();
      if (prefix.accepts(key)) {
        serialized.insert(prefix.prefix(key, direction), key, record.value());
        checkSerializedSpill();
        return;
      }
      toObjects();
    }
    if (size == buffer.length) {
      buffer = Arrays.copyOf(buffer, size * 2);
    }
    buffer[size++] = record;
    if (tracker.update()) {
      tracker.sampled(sampleBytes());
    }
    if (sizeCheckDue()) {
      long estimate = bufferBytes() + tracker.estimate();
      if (shouldSpill(size, estimate)) {
        spill(estimate);
      }
    }
  }

  /**
   * Inserts a record given as its serialized bytes (Kryo key then value, written by a Kryo with
   * the same registrations as this sorter's: a shuffle segment's record) when the sorter keeps
   * records serialized and {@code key} (the record's key, deserialized) has a prefix: the bytes are
   * copied as they are. Returns false, inserting nothing, otherwise; the caller then inserts the
   * record as a Pair.
   */
  public boolean insertSerialized(K key, byte[] bytes, int offset, int length) {
    if (serialized == null && !(size == 0 && runs.isEmpty() && startsSerialized(key))) {
      return false;
    }
    if (!prefix.accepts(key)) {
      return false; // insert(Pair) moves the buffered records over to objects
    }
    serialized.insertSerialized(prefix.prefix(key, direction), bytes, offset, length);
    checkSerializedSpill();
    return true;
  }

  private void checkSerializedSpill() {
    if (sizeCheckDue()) {
      long held = serialized.bytesHeld();
      if (shouldSpill(serialized.size(), held)) {
        spillSerialized(held);
      }
    }
  }

  /** At the first record: true (and the serialized buffer is set up) if its key has a prefix for the ordering. */
  private boolean startsSerialized(K key) {
    if (direction == 0 || prefix != null) {
      return false;
    }
    prefix = KeyPrefix.forKey(key);
    if (prefix == null) {
      return false;
    }
    serialized = new SerializedSortBuffer(kryo);
    return true;
  }

  /** A key without a prefix came: the buffered records become objects, and so will all that follow. */
  private void toObjects() {
    List<Pair<K, V>> records = serialized.toPairs();
    serialized.release();
    serialized = null;
    while (buffer.length < records.size()) {
      buffer = new Object[buffer.length * 2];
    }
    for (Pair<K, V> r : records) {
      buffer[size++] = r;
    }
    tracker.reset();
  }

  private void spillSerialized(long held) {
    serialized.sort(ordering, prefix.wholeKey);
    SpillRun run;
    try (SpillWriter writer = new SpillWriter(SpillFiles.create(context, "sort"), kryo, 1, SpillFiles.codec(context))) {
      serialized.writeTo(writer);
      run = writer.finish();
    }
    runs.add(run);
    serialized.release(); // its pages fill the next buffer
    serialized = new SerializedSortBuffer(kryo);
    spilled(held, run);
  }

  private long bufferBytes() {
    return 16 + 4L * buffer.length;
  }

  private long sampleBytes() {
    long sum = 0;
    for (int i = 0; i < SAMPLE_RECORDS; i++) {
      sum += SizeEstimator.estimate(buffer[random.nextInt(size)]);
    }
    return sum * size / SAMPLE_RECORDS;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private void sortBuffer() {
    Arrays.sort(buffer, 0, size, (Comparator) recordOrdering);
  }

  @SuppressWarnings("unchecked")
  private void spill(long estimate) {
    sortBuffer();
    SpillRun run;
    try (SpillWriter writer = new SpillWriter(SpillFiles.create(context, "sort"), kryo, 1, SpillFiles.codec(context))) {
      for (int i = 0; i < size; i++) {
        Pair<K, V> r = (Pair<K, V>) buffer[i];
        writer.write(0, r.key(), r.value());
      }
      run = writer.finish();
    }
    runs.add(run);
    buffer = new Object[1024];
    size = 0;
    tracker.reset();
    spilled(estimate, run);
  }

  /** The records in key order; call once, after the last insert. */
  @SuppressWarnings("unchecked")
  public Iterator<Pair<K, V>> sortedIterator() {
    if (serialized != null) {
      SerializedSortBuffer rest = serialized;
      rest.sort(ordering, prefix.wholeKey);
      RecordCursor sortedRest = rest.cursor();
      serialized = null;
      if (runs.isEmpty()) {
        return RecordCursor.asIterator(sortedRest, () -> {
          rest.release(); // read to the end: its pages can go to the next sorter
          releaseMemory();
        });
      }
      return merged(sortedRest, rest::release);
    }
    sortBuffer();
    if (runs.isEmpty()) {
      Object[] b = buffer;
      int n = size;
      buffer = null;
      return new Iterator<>() {
        private int i;

        @Override
        public boolean hasNext() {
          if (i < n) {
            return true;
          }
          releaseMemory(); // the buffer is consumed
          return false;
        }

        @Override
        public Pair<K, V> next() {
          if (i >= n) {
            throw new NoSuchElementException();
          }
          Pair<K, V> r = (Pair<K, V>) b[i];
          b[i++] = null; // let consumed records go
          return r;
        }
      };
    }
    RecordCursor rest = new BufferCursor(buffer, size);
    buffer = null;
    return merged(rest, () -> {});
  }

  /** The spilled runs merged with the sorted in-memory rest; {@code restRead} runs once all is read. */
  private Iterator<Pair<K, V>> merged(RecordCursor rest, Runnable restRead) {
    List<SpillRun> merged = RunMerger.mergeDown(runs, mergeFactor - 1, 1, kryo, context, "sort",
        cursors -> new MergingCursor(cursors, MergingCursor.byKey(ordering)));
    List<SpillReader> readers = new ArrayList<>();
    List<RecordCursor> cursors = new ArrayList<>();
    for (SpillRun r : merged) {
      SpillReader reader = new SpillReader(r, kryo).partition(0);
      readers.add(reader);
      cursors.add(reader);
    }
    context.addTaskCompletionListener(() -> readers.forEach(SpillReader::close));
    cursors.add(rest);
    RecordCursor cursor = new MergingCursor(cursors, MergingCursor.byKey(ordering));
    return RecordCursor.asIterator(cursor, () -> {
      readers.forEach(SpillReader::close);
      restRead.run();
      releaseMemory();
    });
  }

  /** The sorted in-memory rest as a cursor. */
  private static final class BufferCursor implements RecordCursor {
    private final Object[] records;
    private final int n;
    private int i = -1;

    BufferCursor(Object[] records, int n) {
      this.records = records;
      this.n = n;
    }

    @Override
    public boolean advance() {
      if (i >= 0) {
        records[i] = null;
      }
      return ++i < n;
    }

    @Override
    public Object key() {
      return ((Pair<?, ?>) records[i]).key();
    }

    @Override
    public Object value() {
      return ((Pair<?, ?>) records[i]).value();
    }
  }
}
