package io.spindle.it.yarn.apps;

import io.spindle.SpindleConf;
import io.spindle.SpindleContext;
import java.util.List;

/** Runs a short job, then calls System.exit(args[0]) without closing its context (do not do this on YARN). */
public final class ExitApp {
  private ExitApp() {}

  public static void main(String[] args) {
    SpindleContext ctx = new SpindleContext(new SpindleConf().setAppName("exit"));
    ctx.parallelize(List.of(1, 2, 3), 3).count();
    System.exit(Integer.parseInt(args[0]));
  }
}
