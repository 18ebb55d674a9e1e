package io.spindle.bench.classic;

import io.spindle.SpindleConf;
import io.spindle.SpindleContext;
import io.spindle.function.Pair;

/**
 * Issue 15, W5: W2's lines parsed to (int, int) → {@code groupByKey(8) → mapValues(size)} → saved
 * as {@code key<TAB>size}.
 *
 * <p>Usage: {@code W5GroupByKey <input> <output dir>}
 */
public final class W5GroupByKey {
  private W5GroupByKey() {}

  public static void main(String[] args) {
    Args.expect(args, 2, "W5GroupByKey <input> <output dir>");
    try (SpindleContext ctx = new SpindleContext(new SpindleConf().setAppName("W5 groupByKey"))) {
      ctx.textFile(args[0])
          .mapToPair(line -> {
            int tab = line.indexOf('\t');
            return Pair.of(Integer.parseInt(line, 0, tab, 10), Integer.parseInt(line, tab + 1, line.length(), 10));
          })
          .groupByKey(Args.SHUFFLE_PARTITIONS)
          .mapValues(Args::size)
          .map(p -> p.key() + "\t" + p.value())
          .saveAsTextFile(args[1]);
    }
  }
}
