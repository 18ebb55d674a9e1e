package io.spindle.examples;

import io.spindle.function.Pair;
import io.spindle.SpindleConf;
import io.spindle.SpindleContext;

/**
 * Counts words: {@code WordCount <input> <output>} writes lines {@code word<TAB>count} into
 * {@code output/part-*}. Words are the non-empty runs between whitespace ({@code \s+}).
 *
 * <pre>bin/spindle-submit --class io.spindle.examples.WordCount examples/target/spindle-examples.jar in.txt out</pre>
 */
public final class WordCount {
  private WordCount() {}

  public static void main(String[] args) {
    if (args.length != 2) {
      System.err.println("Usage: WordCount <input path> <output dir>");
      System.exit(2);
    }
    SpindleConf conf = new SpindleConf().setAppName("WordCount");
    try (SpindleContext ctx = new SpindleContext(conf)) {
      ctx.textFile(args[0])
          .flatMap(Words::of)
          .mapToPair(word -> Pair.of(word, 1L))
          .reduceByKey(Long::sum)
          .map(p -> p.key() + "\t" + p.value())
          .saveAsTextFile(args[1]);
    }
  }
}
