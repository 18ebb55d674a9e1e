package io.spindle.io;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds bzip2 block start markers (the 48-bit value 0x314159265359, not byte aligned) in
 * compressed bytes, independently of Hadoop's decoder: the test's own map of where blocks start.
 */
final class Bzip2Markers {
  private static final long BLOCK_MAGIC = 0x314159265359L;
  private static final long MASK = (1L << 48) - 1;

  private Bzip2Markers() {}

  /** Offsets of the bytes holding the first bit of each block marker. */
  static List<Long> blockStarts(byte[] compressed) {
    List<Long> starts = new ArrayList<>();
    long window = 0;
    long bits = 0;
    for (int i = 0; i < compressed.length; i++) {
      for (int bit = 7; bit >= 0; bit--) {
        window = ((window << 1) | ((compressed[i] >> bit) & 1)) & MASK;
        bits++;
        if (bits >= 48 && window == BLOCK_MAGIC) {
          long firstBit = bits - 48;
          starts.add(firstBit / 8);
        }
      }
    }
    return starts;
  }
}
