package io.spindle.bench.classic;

import io.spindle.PairRdd;
import io.spindle.SpindleConf;
import io.spindle.SpindleContext;
import io.spindle.function.Pair;

/**
 * Issue 15, W4: facts {@code key<TAB>int} ⋈ dimensions {@code key<TAB>name} on the int key, 8
 * partitions; {@code count()}, then save the same joined RDD as {@code key<TAB>value<TAB>name}
 * (the second action reuses the join's shuffle output). Prints {@code joined: N}.
 *
 * <p>Usage: {@code W4Join <facts> <dimensions> <output dir>}
 */
public final class W4Join {
  private W4Join() {}

  public static void main(String[] args) {
    Args.expect(args, 3, "W4Join <facts> <dimensions> <output dir>");
    try (SpindleContext ctx = new SpindleContext(new SpindleConf().setAppName("W4 join"))) {
      PairRdd<Integer, Integer> facts = ctx.textFile(args[0]).mapToPair(line -> {
        int tab = line.indexOf('\t');
        return Pair.of(Integer.parseInt(line, 0, tab, 10), Integer.parseInt(line, tab + 1, line.length(), 10));
      });
      PairRdd<Integer, String> dims = ctx.textFile(args[1]).mapToPair(line -> {
        int tab = line.indexOf('\t');
        return Pair.of(Integer.parseInt(line, 0, tab, 10), line.substring(tab + 1));
      });
      PairRdd<Integer, Pair<Integer, String>> joined = facts.join(dims, Args.SHUFFLE_PARTITIONS);
      System.out.println("joined: " + joined.count());
      joined.map(p -> p.key() + "\t" + p.value().key() + "\t" + p.value().value()).saveAsTextFile(args[2]);
    }
  }
}
