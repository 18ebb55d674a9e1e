package io.spindle.bench;

import io.spindle.function.Pair;
import io.spindle.function.Partitioner;
import java.io.Serializable;
import java.util.Comparator;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * Deterministic record generators shared by the Spindle workloads (which generate inside tasks)
 * and their plain-Java references (which generate the same records in the driver): generator
 * slice {@code i} of {@code n} always yields the same records.
 */
public final class Records {
  /** Sort records: 10-byte key of printable ASCII ('!'..'~'), 89-byte payload; a line is 100 bytes with '\n'. */
  public static final int KEY_BYTES = 10;
  public static final int PAYLOAD_BYTES = 89;

  private Records() {}

  public static long sliceStart(long total, int slices, int slice) {
    return total * slice / slices;
  }

  /** Writes record {@code index}'s 99 bytes (key + payload, no newline) into {@code line}. */
  public static void sortRecord(SplittableRandom random, long index, byte[] line) {
    for (int i = 0; i < KEY_BYTES; i++) {
      line[i] = (byte) ('!' + random.nextInt(94));
    }
    String id = Long.toString(index);
    int p = KEY_BYTES;
    line[p++] = ' ';
    for (int i = 0; i < id.length(); i++) {
      line[p++] = (byte) id.charAt(i);
    }
    line[p++] = ' ';
    while (p < KEY_BYTES + PAYLOAD_BYTES) {
      line[p] = (byte) ('A' + (p + index) % 26);
      p++;
    }
  }

  /** The sort records of one generator slice as (key, payload) pairs, generated lazily. */
  public static Iterator<Pair<String, String>> sortPairs(long total, int slices, int slice) {
    long start = sliceStart(total, slices, slice);
    long end = sliceStart(total, slices, slice + 1);
    SplittableRandom random = new SplittableRandom(1_000_003L * slice + 17);
    byte[] line = new byte[KEY_BYTES + PAYLOAD_BYTES];
    return new Iterator<>() {
      private long i = start;

      @Override
      public boolean hasNext() {
        return i < end;
      }

      @Override
      @SuppressWarnings("deprecation")
      public Pair<String, String> next() {
        if (i >= end) {
          throw new NoSuchElementException();
        }
        sortRecord(random, i++, line);
        // Latin-1 fast path: the bytes are ASCII.
        return Pair.of(new String(line, 0, 0, KEY_BYTES), new String(line, 0, KEY_BYTES, PAYLOAD_BYTES));
      }
    };
  }

  /** Aggregation pairs: (key uniform in [0, keys), value in [1, 100]). */
  public static Iterator<Pair<Long, Long>> aggregationPairs(long total, int keys, int slices, int slice) {
    long start = sliceStart(total, slices, slice);
    long end = sliceStart(total, slices, slice + 1);
    SplittableRandom random = new SplittableRandom(7_000_003L * slice + 5);
    return new Iterator<>() {
      private long i = start;

      @Override
      public boolean hasNext() {
        return i < end;
      }

      @Override
      public Pair<Long, Long> next() {
        if (i >= end) {
          throw new NoSuchElementException();
        }
        i++;
        return Pair.of((long) random.nextInt(keys), 1L + random.nextInt(100));
      }
    };
  }

  /** An order-independent checksum term. */
  public static long mix(long a, long b) {
    long x = a * 0x9E3779B97F4A7C15L + b;
    x ^= x >>> 31;
    x *= 0xBF58476D1CE4E5B9L;
    return x ^ (x >>> 29);
  }

  /** Range partitioner on the key's first byte ('!'..'~'): partitions in order are globally sorted. */
  public static final class FirstByteRange extends Partitioner {
    private static final long serialVersionUID = 1L;
    private final int partitions;

    public FirstByteRange(int partitions) {
      this.partitions = partitions;
    }

    @Override
    public int numPartitions() {
      return partitions;
    }

    @Override
    public int getPartition(Object key) {
      int c = ((String) key).charAt(0) - '!';
      return Math.min(partitions - 1, Math.max(0, c * partitions / 94));
    }
  }

  /** String order = byte order for ASCII (what LC_ALL=C sort uses). */
  public static final class NaturalOrder implements Comparator<String>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public int compare(String a, String b) {
      return a.compareTo(b);
    }
  }
}
