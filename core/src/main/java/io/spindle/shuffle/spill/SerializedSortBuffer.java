package io.spindle.shuffle.spill;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.spindle.function.Pair;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The in-memory part of a sorter for keys with a {@link KeyPrefix} (Spark's Tungsten sort): each
 * record is serialized (Kryo key, value: the spill format) into large byte pages, and a
 * {@code long[]} holds per record its key prefix and its address (page, offset). Sorting moves
 * only those pairs: a radix sort by prefix, then the comparator, on deserialized keys, within runs
 * of equal prefixes when the prefix is not the whole key. No object is kept per record, so the
 * memory held is known exactly ({@link #bytesHeld()}) and is far less than the records as objects.
 *
 * <p>Page layout: per record a 4-byte length, then its bytes. Pages start small and double up to
 * {@link #MAX_PAGE} (a small partition holds little); a record larger than a page gets a page of
 * its own. Full-size pages come from, and go back to ({@link #release}), the thread's
 * {@link PageRecycler}.
 *
 * <p>Locality: reading the sorted records jumps across all pages, and on a machine where a random
 * memory access costs ~300 ns that was most of the sort's time. So records are written to
 * {@link #BUCKETS} chains of pages by key range (the range learnt from the first {@link #LEARN}
 * prefixes): the sorted order then walks one bucket's pages after the other, each a small part of
 * the whole. Where a record lies does not affect the order (that is the pairs' sort); a poor guess
 * of the range only loses the locality.
 */
final class SerializedSortBuffer {
  static final int MIN_PAGE = 4 << 10;
  static final int MAX_PAGE = 64 << 10;
  static final int BUCKETS = 64;
  static final int LEARN = 1024;
  private static final int HEADER = 4;
  private static final int SCRATCH = 4 << 10;
  private static final int MAX_KEPT_SCRATCH = 64 << 10;

  private final Kryo kryo;
  private final Input input = new Input();
  private Output scratch = new Output(SCRATCH, -1);
  private final List<byte[]> pages = new ArrayList<>();
  private final byte[][] tails = new byte[BUCKETS][];
  private final int[] tailIndex = new int[BUCKETS];
  private final int[] tailFill = new int[BUCKETS];
  private long bucketLow;
  private int bucketShift = -1;
  private long pageBytes;
  private long[] entries = new long[2 * 64];
  private int size;
  private boolean sorted;

  SerializedSortBuffer(Kryo kryo) {
    this.kryo = kryo;
  }

  int size() {
    return size;
  }

  /** Appends a record whose key has {@code prefix}. */
  void insert(long prefix, Object key, Object value) {
    Output out = scratch;
    out.reset();
    kryo.writeClassAndObject(out, key);
    kryo.writeClassAndObject(out, value);
    int length = out.position();
    long address = append(bucket(prefix), out.getBuffer(), 0, length);
    if (out.getBuffer().length > MAX_KEPT_SCRATCH) {
      scratch = new Output(SCRATCH, -1); // a large record passed: do not keep its buffer
    }
    addEntry(prefix, address);
  }

  /**
   * Appends a record that is already serialized in this buffer's format (Kryo key, value: how
   * shuffle segments hold records), as {@code length} bytes of {@code bytes} from {@code offset};
   * its key has {@code prefix}. Saves serializing again what a reader has just deserialized.
   */
  void insertSerialized(long prefix, byte[] bytes, int offset, int length) {
    addEntry(prefix, append(bucket(prefix), bytes, offset, length));
  }

  private void addEntry(long prefix, long address) {
    if (2 * size == entries.length) {
      entries = Arrays.copyOf(entries, entries.length + Math.max(entries.length >> 2 << 1, 2 * 64)); // even
    }
    entries[2 * size] = prefix;
    entries[2 * size + 1] = address;
    size++;
    sorted = false;
  }

  /** The page chain for a record with {@code prefix}: by key range once it is learnt, 0 before. */
  private int bucket(long prefix) {
    if (bucketShift < 0) {
      if (size < LEARN) {
        return 0;
      }
      learnBuckets();
    }
    if (prefix < bucketLow) {
      return 0;
    }
    long slot = (prefix - bucketLow) >>> bucketShift; // unsigned distance from the low end
    return slot >= 0 && slot < BUCKETS ? (int) slot : BUCKETS - 1;
  }

  /** Splits the range of the prefixes seen so far into {@link #BUCKETS} equal parts. */
  private void learnBuckets() {
    long low = Long.MAX_VALUE;
    long high = Long.MIN_VALUE;
    for (int i = 0; i < size; i++) {
      low = Math.min(low, entries[2 * i]);
      high = Math.max(high, entries[2 * i]);
    }
    long range = high - low; // unsigned
    bucketLow = low;
    bucketShift = Math.max(0, 64 - Long.numberOfLeadingZeros(range) - Integer.numberOfTrailingZeros(BUCKETS));
  }

  /** Copies a record (bytes [offset, offset + length)) into a page of {@code bucket}; returns its address. */
  private long append(int bucket, byte[] bytes, int offset, int length) {
    int need = HEADER + length;
    byte[] page = tails[bucket];
    if (page == null || page.length - tailFill[bucket] < need) {
      int next = page == null ? MIN_PAGE : Math.min(MAX_PAGE, page.length * 2);
      page = next == MAX_PAGE && need <= MAX_PAGE ? PageRecycler.current().take() : new byte[Math.max(next, need)];
      pages.add(page);
      tails[bucket] = page;
      tailIndex[bucket] = pages.size() - 1;
      tailFill[bucket] = 0;
      pageBytes += page.length;
    }
    int at = tailFill[bucket];
    page[at] = (byte) (length >>> 24);
    page[at + 1] = (byte) (length >>> 16);
    page[at + 2] = (byte) (length >>> 8);
    page[at + 3] = (byte) length;
    System.arraycopy(bytes, offset, page, at + HEADER, length);
    tailFill[bucket] = at + need;
    return (long) tailIndex[bucket] << 32 | at;
  }

  /**
   * Bytes this buffer holds: pages, the pairs array and room for the sort's second pairs array
   * (it is allocated when sorting, so it is counted ahead), and the serialization buffer.
   */
  long bytesHeld() {
    return pageBytes + 2L * 8 * entries.length + scratch.getBuffer().length + 64L * pages.size();
  }

  /**
   * Sorts the records: by prefix, then, unless the prefix is the whole key, by {@code ordering}
   * among records with equal prefixes. Equal keys keep no particular order.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  void sort(Comparator ordering, boolean prefixIsWholeKey) {
    if (sorted) {
      return;
    }
    entries = PrefixRadixSort.sort(entries, size, new long[Math.max(2, 2 * size)]);
    if (!prefixIsWholeKey) {
      int i = 0;
      while (i < size) {
        int j = i + 1;
        while (j < size && entries[2 * j] == entries[2 * i]) {
          j++;
        }
        if (j - i > 1) {
          sortTies(i, j, ordering);
        }
        i = j;
      }
    }
    sorted = true;
  }

  /** Records [from, to) share a prefix: orders them by their keys. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private void sortTies(int from, int to, Comparator ordering) {
    Tie[] ties = new Tie[to - from];
    for (int i = from; i < to; i++) {
      long address = entries[2 * i + 1];
      ties[i - from] = new Tie(readKey(address), address);
    }
    Arrays.sort(ties, (a, b) -> ordering.compare(a.key, b.key));
    for (int i = from; i < to; i++) {
      entries[2 * i + 1] = ties[i - from].address;
    }
  }

  private record Tie(Object key, long address) {}

  /** Positions {@link #input} on the record at {@code address}. */
  private Input at(long address) {
    byte[] p = pages.get((int) (address >>> 32));
    int off = (int) address;
    int length = (p[off] & 0xFF) << 24 | (p[off + 1] & 0xFF) << 16 | (p[off + 2] & 0xFF) << 8 | (p[off + 3] & 0xFF);
    input.setBuffer(p, off + HEADER, length);
    return input;
  }

  private Object readKey(long address) {
    return kryo.readClassAndObject(at(address));
  }

  /**
   * Gives the pages to this thread's {@link PageRecycler} for the next buffer; this one must not be
   * used afterwards (its records' addresses point at no page). Call only when nothing reads its
   * records any more (a cursor's deserialized keys and values are copies, and may be kept).
   */
  void release() {
    PageRecycler.current().give(pages);
    pages.clear();
    java.util.Arrays.fill(tails, null);
  }

  /** Writes the records, in their current order, as they are (no deserialization) to partition 0 of {@code writer}. */
  void writeTo(SpillWriter writer) {
    for (int i = 0; i < size; i++) {
      Input in = at(entries[2 * i + 1]);
      writer.writeSerialized(0, in.getBuffer(), in.position(), in.limit() - in.position());
    }
  }

  /** The records in their current order (sorted after {@link #sort}), deserialized one at a time. */
  RecordCursor cursor() {
    return new RecordCursor() {
      private int i = -1;
      private Object key;
      private Object value;

      @Override
      public boolean advance() {
        if (++i >= size) {
          key = null;
          value = null;
          return false;
        }
        Input in = at(entries[2 * i + 1]);
        key = kryo.readClassAndObject(in);
        value = kryo.readClassAndObject(in);
        return true;
      }

      @Override
      public Object key() {
        return key;
      }

      @Override
      public Object value() {
        return value;
      }
    };
  }

  /** Every record as a Pair, in insertion order (when the sorter has to fall back to sorting objects). */
  @SuppressWarnings("unchecked")
  <K, V> List<Pair<K, V>> toPairs() {
    List<Pair<K, V>> out = new ArrayList<>(size);
    RecordCursor c = cursor();
    while (c.advance()) {
      out.add(Pair.of((K) c.key(), (V) c.value()));
    }
    return out;
  }
}
