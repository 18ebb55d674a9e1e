package io.spindle.bench.spark;

import org.apache.spark.api.java.JavaSparkContext;
import scala.Tuple2;

/**
 * Issue 15, W5 on Spark 4.2: W2's lines parsed to (int, int) → {@code groupByKey(8) →
 * mapValues(size)} → saved as {@code key<TAB>size}.
 *
 * <p>Usage: {@code W5GroupByKey <input> <output dir>}
 */
public final class W5GroupByKey {
  private W5GroupByKey() {}

  public static void main(String[] args) {
    Spark.expect(args, 2, "W5GroupByKey <input> <output dir>");
    try (JavaSparkContext sc = Spark.context("W5 groupByKey")) {
      sc.textFile(args[0])
          .mapToPair(line -> {
            int tab = line.indexOf('\t');
            return new Tuple2<>(Integer.parseInt(line, 0, tab, 10), Integer.parseInt(line, tab + 1, line.length(), 10));
          })
          .groupByKey(Spark.SHUFFLE_PARTITIONS)
          .mapValues(Spark::size)
          .map(p -> p._1() + "\t" + p._2())
          .saveAsTextFile(args[1]);
    }
  }
}
