package io.spindle.shuffle.spill;

/**
 * Sorts (prefix, address) pairs, stored interleaved in a {@code long[]}, by signed prefix: a
 * least-significant-digit radix sort over the prefix's 8 bytes (Spark's RadixSort), stable, in
 * O(n) per byte. One counting pass finds every byte's histogram; bytes that are the same in every
 * prefix (the high byte of each char of ASCII strings, the top bytes of small numbers) are skipped.
 */
final class PrefixRadixSort {
  private PrefixRadixSort() {}

  /**
   * Sorts the first {@code n} pairs of {@code entries} using {@code scratch} (at least {@code 2n}
   * longs) as the other buffer; returns whichever of the two holds the sorted pairs.
   */
  static long[] sort(long[] entries, int n, long[] scratch) {
    if (n < 2) {
      return entries;
    }
    int[][] counts = new int[8][256];
    for (int i = 0; i < n; i++) {
      long key = entries[2 * i] ^ Long.MIN_VALUE; // unsigned order of the flipped value = signed order
      for (int b = 0; b < 8; b++) {
        counts[b][(int) (key >>> (8 * b)) & 0xFF]++;
      }
    }
    long[] src = entries;
    long[] dst = scratch;
    int[] offsets = new int[256];
    for (int b = 0; b < 8; b++) {
      int[] count = counts[b];
      int first = (int) ((src[0] ^ Long.MIN_VALUE) >>> (8 * b)) & 0xFF;
      if (count[first] == n) {
        continue; // every prefix has this byte: the pass would not move anything
      }
      int sum = 0;
      for (int d = 0; d < 256; d++) {
        offsets[d] = sum;
        sum += count[d];
      }
      int shift = 8 * b;
      for (int i = 0; i < n; i++) {
        long prefix = src[2 * i];
        int d = (int) ((prefix ^ Long.MIN_VALUE) >>> shift) & 0xFF;
        int to = 2 * offsets[d]++;
        dst[to] = prefix;
        dst[to + 1] = src[2 * i + 1];
      }
      long[] t = src;
      src = dst;
      dst = t;
    }
    return src;
  }
}
