package io.spindle.bench.classic;

import io.spindle.SpindleConf;
import io.spindle.SpindleContext;
import io.spindle.function.Pair;

/**
 * Issue 15, W2: lines {@code key<TAB>value} parsed to (int, int) → {@code reduceByKey(+, 8)} →
 * saved as {@code key<TAB>sum}.
 *
 * <p>Usage: {@code W2Aggregation <input> <output dir>}
 */
public final class W2Aggregation {
  private W2Aggregation() {}

  public static void main(String[] args) {
    Args.expect(args, 2, "W2Aggregation <input> <output dir>");
    try (SpindleContext ctx = new SpindleContext(new SpindleConf().setAppName("W2 aggregation"))) {
      ctx.textFile(args[0])
          .mapToPair(line -> {
            int tab = line.indexOf('\t');
            return Pair.of(Integer.parseInt(line, 0, tab, 10), Integer.parseInt(line, tab + 1, line.length(), 10));
          })
          .reduceByKey(Integer::sum, Args.SHUFFLE_PARTITIONS)
          .map(p -> p.key() + "\t" + p.value())
          .saveAsTextFile(args[1]);
    }
  }
}
