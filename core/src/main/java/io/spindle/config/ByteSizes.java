package io.spindle.config;

import java.util.Locale;

/** Parses sizes written as Spark and Hadoop users write them: {@code 1048576}, {@code 512k}, {@code 64m}, {@code 2g}. */
public final class ByteSizes {
  private ByteSizes() {}

  public static long parse(String s) {
    String t = s.trim().toLowerCase(Locale.ROOT);
    if (t.endsWith("b")) {
      t = t.substring(0, t.length() - 1);
    }
    long mult = 1;
    if (!t.isEmpty()) {
      switch (t.charAt(t.length() - 1)) {
        case 'k' -> mult = 1L << 10;
        case 'm' -> mult = 1L << 20;
        case 'g' -> mult = 1L << 30;
        case 't' -> mult = 1L << 40;
        default -> mult = 1;
      }
      if (mult != 1) {
        t = t.substring(0, t.length() - 1);
      }
    }
    long v = Long.parseLong(t.trim());
    if (v < 0) {
      throw new IllegalArgumentException("negative size");
    }
    return Math.multiplyExact(v, mult);
  }
}
