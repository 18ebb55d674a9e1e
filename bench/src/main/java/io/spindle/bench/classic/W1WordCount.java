package io.spindle.bench.classic;

import io.spindle.SpindleConf;
import io.spindle.SpindleContext;
import io.spindle.function.Pair;
import java.util.Arrays;

/**
 * Issue 15, W1: {@code textFile → flatMap(split " ") → mapToPair(w, 1) → reduceByKey(+, 8) →
 * saveAsTextFile} with lines {@code word<TAB>count}. The Spark counterpart is
 * {@code io.spindle.bench.spark.W1WordCount} in bench-spark/.
 *
 * <p>Usage: {@code W1WordCount <input> <output dir>}
 */
public final class W1WordCount {
  private W1WordCount() {}

  public static void main(String[] args) {
    Args.expect(args, 2, "W1WordCount <input> <output dir>");
    try (SpindleContext ctx = new SpindleContext(new SpindleConf().setAppName("W1 WordCount"))) {
      ctx.textFile(args[0])
          .flatMap(line -> Arrays.asList(line.split(" ")).iterator())
          .mapToPair(word -> Pair.of(word, 1))
          .reduceByKey(Integer::sum, Args.SHUFFLE_PARTITIONS)
          .map(p -> p.key() + "\t" + p.value())
          .saveAsTextFile(args[1]);
    }
  }
}
