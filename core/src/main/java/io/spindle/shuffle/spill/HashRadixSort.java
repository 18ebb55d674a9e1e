package io.spindle.shuffle.spill;

/**
 * Sorts longs by their high 32 bits (unsigned), keeping the order of equal ones: a
 * least-significant-digit radix sort over those bits in three digits of 11, 11 and 10 bits, one
 * counting pass for all histograms, digits equal in every value skipped (hashes of small numbers
 * need two passes). Used to order (hash, record index) pairs, so that records with equal hashes
 * end up adjacent and in their original order. Not {@link PrefixRadixSort}: that one sorts
 * (prefix, address) pairs, two longs per record over 8-bit digits; here the key and the index share
 * one long (half the memory of a buffer that holds a whole partition) and 32 bits need 3 passes.
 */
final class HashRadixSort {
  private static final int[] SHIFTS = {32, 43, 54};
  private static final int[] MASKS = {0x7FF, 0x7FF, 0x3FF};

  private HashRadixSort() {}

  /** Sorts the first {@code n} values; returns the array that holds them sorted ({@code values} or a new one). */
  static long[] sortByHigh32(long[] values, int n) {
    if (n < 2) {
      return values;
    }
    int[][] counts = {new int[MASKS[0] + 1], new int[MASKS[1] + 1], new int[MASKS[2] + 1]};
    int[] c0 = counts[0];
    int[] c1 = counts[1];
    int[] c2 = counts[2];
    for (int i = 0; i < n; i++) {
      long v = values[i];
      c0[(int) (v >>> 32) & 0x7FF]++;
      c1[(int) (v >>> 43) & 0x7FF]++;
      c2[(int) (v >>> 54) & 0x3FF]++;
    }
    long[] src = values;
    long[] dst = null;
    for (int d = 0; d < 3; d++) {
      int shift = SHIFTS[d];
      int mask = MASKS[d];
      int[] count = counts[d];
      if (count[(int) (src[0] >>> shift) & mask] == n) {
        continue; // every value has this digit: the pass would move nothing
      }
      if (dst == null) {
        dst = new long[n];
      }
      int[] offsets = new int[mask + 1];
      int sum = 0;
      for (int b = 0; b <= mask; b++) {
        offsets[b] = sum;
        sum += count[b];
      }
      for (int i = 0; i < n; i++) {
        long v = src[i];
        dst[offsets[(int) (v >>> shift) & mask]++] = v;
      }
      long[] t = src;
      src = dst;
      dst = t;
    }
    return src;
  }
}
