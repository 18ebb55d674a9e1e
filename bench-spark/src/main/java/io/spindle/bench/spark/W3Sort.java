package io.spindle.bench.spark;

import org.apache.spark.api.java.JavaSparkContext;
import scala.Tuple2;

/**
 * Issue 15, W3 on Spark 4.2: {@code mapToPair(first 10 chars, rest) → sortByKey(true, 8) →
 * map(k + v) → save}.
 *
 * <p>Usage: {@code W3Sort <input> <output dir>}
 */
public final class W3Sort {
  private W3Sort() {}

  public static void main(String[] args) {
    Spark.expect(args, 2, "W3Sort <input> <output dir>");
    try (JavaSparkContext sc = Spark.context("W3 sort")) {
      sc.textFile(args[0])
          .mapToPair(line -> new Tuple2<>(line.substring(0, Spark.SORT_KEY_CHARS), line.substring(Spark.SORT_KEY_CHARS)))
          .sortByKey(true, Spark.SHUFFLE_PARTITIONS)
          .map(p -> p._1() + p._2())
          .saveAsTextFile(args[1]);
    }
  }
}
