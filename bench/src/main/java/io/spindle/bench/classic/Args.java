package io.spindle.bench.classic;

/** What the five classic workload programs share: their fixed settings and argument checking. */
final class Args {
  /** Issue 15: every shuffle of the five workloads has 8 partitions. */
  static final int SHUFFLE_PARTITIONS = 8;
  /** W3's key: the first 10 characters of a 100-byte record. */
  static final int SORT_KEY_CHARS = 10;

  private Args() {}

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
