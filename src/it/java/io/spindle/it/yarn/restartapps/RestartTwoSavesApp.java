package io.spindle.it.yarn.restartapps;

import io.spindle.SpindleConf;
import io.spindle.SpindleContext;
import java.util.Locale;

/**
 * Two actions: saves {@code args[0]}'s lines upper-cased to {@code args[1]}, then each line's length
 * to {@code args[2]}, whose tasks wait for the file {@code args[3]}: a test kills the AM after the
 * first output is committed and before the second action ends.
 */
public final class RestartTwoSavesApp {
  private RestartTwoSavesApp() {}

  public static void main(String[] args) {
    String gate = args[3];
    try (SpindleContext ctx = new SpindleContext(new SpindleConf().setAppName("restart-two-saves"))) {
      ctx.textFile(args[0], 3).map(line -> line.toUpperCase(Locale.ROOT)).saveAsTextFile(args[1]);
      ctx.textFile(args[0], 3).map(line -> {
        Gate.await(gate);
        return Integer.toString(line.length());
      }).saveAsTextFile(args[2]);
    }
  }
}
