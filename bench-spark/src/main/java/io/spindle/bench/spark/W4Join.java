package io.spindle.bench.spark;

import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import scala.Tuple2;

/**
 * Issue 15, W4 on Spark 4.2: facts {@code key<TAB>int} ⋈ dimensions {@code key<TAB>name}, 8
 * partitions; {@code count()}, then save the same joined RDD as {@code key<TAB>value<TAB>name}
 * (the second action reuses the join's shuffle output). Prints {@code joined: N}.
 *
 * <p>Usage: {@code W4Join <facts> <dimensions> <output dir>}
 */
public final class W4Join {
  private W4Join() {}

  public static void main(String[] args) {
    Spark.expect(args, 3, "W4Join <facts> <dimensions> <output dir>");
    try (JavaSparkContext sc = Spark.context("W4 join")) {
      JavaPairRDD<Integer, Integer> facts = sc.textFile(args[0]).mapToPair(line -> {
        int tab = line.indexOf('\t');
        return new Tuple2<>(Integer.parseInt(line, 0, tab, 10), Integer.parseInt(line, tab + 1, line.length(), 10));
      });
      JavaPairRDD<Integer, String> dims = sc.textFile(args[1]).mapToPair(line -> {
        int tab = line.indexOf('\t');
        return new Tuple2<>(Integer.parseInt(line, 0, tab, 10), line.substring(tab + 1));
      });
      JavaPairRDD<Integer, Tuple2<Integer, String>> joined = facts.join(dims, Spark.SHUFFLE_PARTITIONS);
      System.out.println("joined: " + joined.count());
      joined.map(p -> p._1() + "\t" + p._2()._1() + "\t" + p._2()._2()).saveAsTextFile(args[2]);
    }
  }
}
