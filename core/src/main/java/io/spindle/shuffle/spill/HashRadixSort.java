package io.spindle.shuffle.spill;

/**
 * Sorts longs by their high 32 bits (unsigned), keeping the order of equal ones: a
 * least-significant-digit radix sort over those 4 bytes, one counting pass for all histograms,
 * bytes equal in every value skipped. Used to order (hash, record index) pairs, so that records
 * with equal hashes end up adjacent and in their original order.
 */
final class HashRadixSort {
  private HashRadixSort() {}

  /** Sorts the first {@code n} values; returns the array that holds them sorted ({@code values} or a new one). */
  static long[] sortByHigh32(long[] values, int n) {
    if (n < 2) {
      return values;
    }
    int[][] counts = new int[4][256];
    for (int i = 0; i < n; i++) {
      long v = values[i];
      counts[0][(int) (v >>> 32) & 0xFF]++;
      counts[1][(int) (v >>> 40) & 0xFF]++;
      counts[2][(int) (v >>> 48) & 0xFF]++;
      counts[3][(int) (v >>> 56) & 0xFF]++;
    }
    long[] src = values;
    long[] dst = null;
    int[] offsets = new int[256];
    for (int b = 0; b < 4; b++) {
      int shift = 32 + 8 * b;
      int[] count = counts[b];
      if (count[(int) (src[0] >>> shift) & 0xFF] == n) {
        continue; // every value has this byte: the pass would move nothing
      }
      if (dst == null) {
        dst = new long[n];
      }
      int sum = 0;
      for (int d = 0; d < 256; d++) {
        offsets[d] = sum;
        sum += count[d];
      }
      for (int i = 0; i < n; i++) {
        long v = src[i];
        dst[offsets[(int) (v >>> shift) & 0xFF]++] = v;
      }
      long[] t = src;
      src = dst;
      dst = t;
    }
    return src;
  }
}
