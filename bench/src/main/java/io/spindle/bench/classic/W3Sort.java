package io.spindle.bench.classic;

import io.spindle.SpindleConf;
import io.spindle.SpindleContext;
import io.spindle.function.Pair;

/**
 * Issue 15, W3: {@code mapToPair(first 10 chars, rest) → sortByKey(true, 8) → map(k + v) → save}.
 * The part files, concatenated in order, equal {@code LC_ALL=C sort} of the input.
 *
 * <p>Usage: {@code W3Sort <input> <output dir>}
 */
public final class W3Sort {
  private W3Sort() {}

  public static void main(String[] args) {
    Args.expect(args, 2, "W3Sort <input> <output dir>");
    try (SpindleContext ctx = new SpindleContext(new SpindleConf().setAppName("W3 sort"))) {
      ctx.textFile(args[0])
          .mapToPair(line -> Pair.of(line.substring(0, Args.SORT_KEY_CHARS), line.substring(Args.SORT_KEY_CHARS)))
          .sortByKey(true, Args.SHUFFLE_PARTITIONS)
          .map(p -> p.key() + p.value())
          .saveAsTextFile(args[1]);
    }
  }
}
