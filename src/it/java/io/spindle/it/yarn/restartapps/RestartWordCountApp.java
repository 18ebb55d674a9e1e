package io.spindle.it.yarn.restartapps;

import io.spindle.SpindleConf;
import io.spindle.SpindleContext;
import io.spindle.function.Pair;
import java.util.Arrays;

/**
 * Word count in two stages: map stage over {@code args[0]} (6 splits), reduce stage (4 partitions)
 * saved to {@code args[1]}; each reduce task waits for the file {@code args[2]} after reading its
 * shuffle input, so a test can kill the AM during the reduce stage.
 */
public final class RestartWordCountApp {
  private RestartWordCountApp() {}

  public static void main(String[] args) {
    String gate = args[2];
    try (SpindleContext ctx = new SpindleContext(new SpindleConf().setAppName("restart-wordcount"))) {
      ctx.textFile(args[0], 6)
          .flatMap(line -> Arrays.asList(line.split(" ")).iterator())
          .mapToPair(word -> Pair.of(word, 1))
          .reduceByKey(Integer::sum, 4)
          .map(p -> {
            Gate.await(gate);
            return p.key() + "\t" + p.value();
          })
          .saveAsTextFile(args[1]);
    }
  }
}
