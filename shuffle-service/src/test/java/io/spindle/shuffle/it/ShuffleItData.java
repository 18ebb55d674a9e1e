package io.spindle.shuffle.it;

import java.util.HexFormat;

/** What the writer and fetcher containers agree on: shuffle shape and segment sizes. */
final class ShuffleItData {
  static final int SHUFFLE_ID = 4;
  static final int MAPS = 6;
  static final int PARTITIONS = 5;
  static final String SECRET_ENV = "SPINDLE_IT_SECRET";

  private ShuffleItData() {}

  /** Size of segment (map, partition): some empty, one of 1 MiB, the rest a few KiB. */
  static int size(long map, int partition) {
    if ((map + partition) % 4 == 0) {
      return 0;
    }
    if (map == 2 && partition == 3) {
      return 1 << 20;
    }
    return (int) (1000 + 997 * map + 31 * partition);
  }

  static int[] sizes(long map) {
    int[] sizes = new int[PARTITIONS];
    for (int p = 0; p < PARTITIONS; p++) {
      sizes[p] = size(map, p);
    }
    return sizes;
  }

  static byte[] secretFromEnv() {
    return HexFormat.of().parseHex(System.getenv(SECRET_ENV));
  }
}
