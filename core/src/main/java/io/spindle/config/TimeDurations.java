package io.spindle.config;

import java.util.Locale;

/**
 * Parses durations written as Spark users write them: {@code 3s}, {@code 100ms}, {@code 2min},
 * {@code 1h}, {@code 500us}. A bare number means milliseconds, as in Spark's {@code spark.locality.wait}.
 */
public final class TimeDurations {
  private TimeDurations() {}

  /** The duration in milliseconds (microseconds round down). */
  public static long parseMillis(String s) {
    String t = s.trim().toLowerCase(Locale.ROOT);
    int unitStart = t.length();
    while (unitStart > 0 && Character.isLetter(t.charAt(unitStart - 1))) {
      unitStart--;
    }
    long v = Long.parseLong(t.substring(0, unitStart).trim());
    if (v < 0) {
      throw new IllegalArgumentException("negative duration");
    }
    return switch (t.substring(unitStart)) {
      case "", "ms" -> v;
      case "us" -> v / 1000;
      case "s" -> Math.multiplyExact(v, 1000L);
      case "m", "min" -> Math.multiplyExact(v, 60_000L);
      case "h" -> Math.multiplyExact(v, 3_600_000L);
      case "d" -> Math.multiplyExact(v, 86_400_000L);
      default -> throw new IllegalArgumentException("unknown unit");
    };
  }
}
