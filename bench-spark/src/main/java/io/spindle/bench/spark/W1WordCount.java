package io.spindle.bench.spark;

import java.util.Arrays;
import org.apache.spark.api.java.JavaSparkContext;
import scala.Tuple2;

/**
 * Issue 15, W1 on Spark 4.2: {@code textFile → flatMap(split " ") → mapToPair(w, 1) →
 * reduceByKey(+, 8) → saveAsTextFile} with lines {@code word<TAB>count}, as the Spindle program
 * {@code io.spindle.bench.classic.W1WordCount}.
 *
 * <p>Usage: {@code W1WordCount <input> <output dir>}
 */
public final class W1WordCount {
  private W1WordCount() {}

  public static void main(String[] args) {
    Spark.expect(args, 2, "W1WordCount <input> <output dir>");
    try (JavaSparkContext sc = Spark.context("W1 WordCount")) {
      sc.textFile(args[0])
          .flatMap(line -> Arrays.asList(line.split(" ")).iterator())
          .mapToPair(word -> new Tuple2<>(word, 1))
          .reduceByKey(Integer::sum, Spark.SHUFFLE_PARTITIONS)
          .map(p -> p._1() + "\t" + p._2())
          .saveAsTextFile(args[1]);
    }
  }
}
