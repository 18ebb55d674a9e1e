package io.spindle.bench.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * What the five Spark programs share: how the context is made and their fixed settings.
 *
 * <p>Master {@code local[2]} unless {@code -Dspark.master} says otherwise. The serializer is Kryo
 * (as Spindle's shuffle uses Kryo, and as Spark's tuning guide recommends) unless
 * {@code -Dspark.serializer} says otherwise: SparkConf reads {@code spark.*} system properties and
 * {@code setIfMissing} keeps them. Everything else is Spark's default.
 */
final class Spark {
  /** Issue 15: every shuffle of the five workloads has 8 partitions. */
  static final int SHUFFLE_PARTITIONS = 8;
  /** W3's key: the first 10 characters of a 100-byte record. */
  static final int SORT_KEY_CHARS = 10;

  private Spark() {}

  static JavaSparkContext context(String name) {
    SparkConf conf = new SparkConf()
        .setAppName(name)
        .setIfMissing("spark.master", "local[2]")
        .setIfMissing("spark.serializer", "org.apache.spark.serializer.KryoSerializer");
    return new JavaSparkContext(conf);
  }

  static void expect(String[] args, int n, String usage) {
    if (args.length != n) {
      System.err.println("Usage: " + usage);
      System.exit(2);
    }
  }

  /** The number of values of a group (groupByKey hands them over as an Iterable). */
  static int size(Iterable<?> values) {
    int n = 0;
    for (Object ignored : values) {
      n++;
    }
    return n;
  }
}
