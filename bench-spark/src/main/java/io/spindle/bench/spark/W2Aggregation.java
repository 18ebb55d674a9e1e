package io.spindle.bench.spark;

import org.apache.spark.api.java.JavaSparkContext;
import scala.Tuple2;

/**
 * Issue 15, W2 on Spark 4.2: lines {@code key<TAB>value} parsed to (int, int) →
 * {@code reduceByKey(+, 8)} → saved as {@code key<TAB>sum}.
 *
 * <p>Usage: {@code W2Aggregation <input> <output dir>}
 */
public final class W2Aggregation {
  private W2Aggregation() {}

  public static void main(String[] args) {
    Spark.expect(args, 2, "W2Aggregation <input> <output dir>");
    try (JavaSparkContext sc = Spark.context("W2 aggregation")) {
      sc.textFile(args[0])
          .mapToPair(line -> {
            int tab = line.indexOf('\t');
            return new Tuple2<>(Integer.parseInt(line, 0, tab, 10), Integer.parseInt(line, tab + 1, line.length(), 10));
          })
          .reduceByKey(Integer::sum, Spark.SHUFFLE_PARTITIONS)
          .map(p -> p._1() + "\t" + p._2())
          .saveAsTextFile(args[1]);
    }
  }
}
