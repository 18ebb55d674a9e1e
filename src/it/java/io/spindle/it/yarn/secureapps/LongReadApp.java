package io.spindle.it.yarn.secureapps;

import io.spindle.SpindleConf;
import io.spindle.SpindleContext;
import io.spindle.function.Pair;
import java.util.Arrays;

/**
 * A job that outlives short delegation tokens: {@code LongReadApp <input> <output> <rounds> <pauseMs>}
 * counts the input's lines on the executors {@code rounds} times with a pause after each (so HDFS
 * connections go idle and new ones must authenticate with the tokens of that moment), then writes
 * the word counts ({@code word<TAB>count}, words split at {@code \s+} as WordCount does).
 */
public final class LongReadApp {
  private LongReadApp() {}

  public static void main(String[] args) throws InterruptedException {
    String input = args[0];
    int rounds = Integer.parseInt(args[2]);
    long pauseMs = Long.parseLong(args[3]);
    try (SpindleContext ctx = new SpindleContext(new SpindleConf().setAppName("long-read"))) {
      for (int i = 0; i < rounds; i++) {
        long lines = ctx.textFile(input).count();
        System.err.println("LongReadApp: round " + i + " counted " + lines + " lines");
        Thread.sleep(pauseMs); // the workload: a job that spans several token lifetimes
      }
      ctx.textFile(input)
          .flatMap(line -> Arrays.stream(line.split("\\s+")).filter(w -> !w.isEmpty()).iterator())
          .mapToPair(w -> Pair.of(w, 1L))
          .reduceByKey(Long::sum)
          .map(p -> p.key() + "\t" + p.value())
          .saveAsTextFile(args[1]);
    }
  }
}
