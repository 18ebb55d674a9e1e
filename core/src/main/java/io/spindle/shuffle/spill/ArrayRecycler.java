package io.spindle.shuffle.spill;

import java.lang.ref.SoftReference;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * Large arrays that one task's aggregation table leaves to the next task on the same thread.
 *
 * <p>Why: a map-side combine over many keys (reduceByKey over a million int keys) builds tables of
 * tens of MB that live as long as its task, so young collections copy them until they are
 * promoted; when the task ends they are garbage in the old generation until a full collection.
 * Each wave of such tasks added 35–67 MB there, so the old generation, and with it the process's
 * peak RSS, grew with the input until a full collection (docs/benchmarks.md, issue 15, target 3b).
 * Handed on, the tables are promoted once and the old generation stays flat at any input size.
 *
 * <p>Rules:
 * <ul>
 *   <li>Only power-of-two lengths of at least {@link #MIN_LENGTH} are kept (smaller arrays die
 *       young and cost nothing to collect), at most {@link #PER_LENGTH} per (type, length) per
 *       thread: a table of int keys and int combiners needs two of a length.
 *   <li>{@code take} hands an array to one owner only, as a new one would be: all zero, false or
 *       null. {@code give} clears it; the giver must not touch it afterwards.
 *   <li>Kept arrays are softly reachable: the collector takes them back before the heap runs out,
 *       so a thread that stops aggregating holds them only while memory is plentiful.
 * </ul>
 * Not for sharing across threads: each thread has its own, found through {@link #current()}.
 */
final class ArrayRecycler {
  /** The shortest length worth keeping (256 KiB as ints). */
  static final int MIN_LENGTH = 1 << 16;
  /** Arrays kept per type and length. */
  static final int PER_LENGTH = 2;

  private static final ThreadLocal<ArrayRecycler> PER_THREAD = ThreadLocal.withInitial(ArrayRecycler::new);

  // Slots [PER_LENGTH * i, PER_LENGTH * (i + 1)) hold arrays of length 2^i.
  private final SoftReference<int[]>[] ints = slots();
  private final SoftReference<long[]>[] longs = slots();
  private final SoftReference<boolean[]>[] flags = slots();
  private final SoftReference<Object[]>[] objects = slots();

  static ArrayRecycler current() {
    return PER_THREAD.get();
  }

  @SuppressWarnings("unchecked")
  private static <T> SoftReference<T>[] slots() {
    return (SoftReference<T>[]) new SoftReference<?>[32 * PER_LENGTH];
  }

  /** Whether arrays of this length are kept. */
  static boolean keeps(int length) {
    return length >= MIN_LENGTH && Integer.bitCount(length) == 1;
  }

  /** The smallest length of at least {@code minLength} that is kept, or {@code minLength} if it is too short to keep. */
  static int keptLength(int minLength) {
    if (minLength < MIN_LENGTH || Integer.bitCount(minLength) == 1) {
      return minLength;
    }
    return Integer.highestOneBit(minLength - 1) << 1;
  }

  /** A kept array of this length from {@code slots}, or a new one from {@code create}. */
  private static <T> T take(SoftReference<T>[] slots, int length, IntFunction<T> create) {
    if (keeps(length)) {
      int first = PER_LENGTH * Integer.numberOfTrailingZeros(length);
      for (int slot = first; slot < first + PER_LENGTH; slot++) {
        SoftReference<T> ref = slots[slot];
        slots[slot] = null;
        T array = ref == null ? null : ref.get();
        if (array != null) {
          return array;
        }
      }
    }
    return create.apply(length);
  }

  /**
   * Keeps the array in a free slot of its length (or one the collector emptied), cleared by
   * {@code clear}; drops it when all are taken or its length is not kept. (Cleared after it is
   * kept: one thread only, nobody can take it in between.)
   */
  private static <T> void keep(SoftReference<T>[] slots, T array, int length, Consumer<T> clear) {
    if (array == null || !keeps(length)) {
      return;
    }
    int first = PER_LENGTH * Integer.numberOfTrailingZeros(length);
    for (int slot = first; slot < first + PER_LENGTH; slot++) {
      if (slots[slot] == null || slots[slot].get() == null) {
        slots[slot] = new SoftReference<>(array);
        clear.accept(array);
        return;
      }
    }
  }

  int[] ints(int length) {
    return take(ints, length, int[]::new);
  }

  long[] longs(int length) {
    return take(longs, length, long[]::new);
  }

  boolean[] flags(int length) {
    return take(flags, length, boolean[]::new);
  }

  Object[] objects(int length) {
    return take(objects, length, Object[]::new);
  }

  void give(int[] a) {
    keep(ints, a, a == null ? 0 : a.length, x -> Arrays.fill(x, 0));
  }

  void give(long[] a) {
    keep(longs, a, a == null ? 0 : a.length, x -> Arrays.fill(x, 0L));
  }

  void give(boolean[] a) {
    keep(flags, a, a == null ? 0 : a.length, x -> Arrays.fill(x, false));
  }

  void give(Object[] a) {
    // Cleared also so that the keys and combiners it held can be collected.
    keep(objects, a, a == null ? 0 : a.length, x -> Arrays.fill(x, null));
  }

  /** Gives back a combine table's arrays, whichever of them are set (the boxed form's or the int form's). */
  void giveTable(Object[] data, int[] keys, int[] combiners, boolean[] used) {
    give(data);
    give(keys);
    give(combiners);
    give(used);
  }
}
