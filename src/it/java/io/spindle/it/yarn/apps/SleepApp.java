package io.spindle.it.yarn.apps;

import io.spindle.SpindleConf;
import io.spindle.SpindleContext;
import java.util.List;

/** Runs a short job, then waits (up to the seconds in args[0]) to be killed. */
public final class SleepApp {
  private SleepApp() {}

  public static void main(String[] args) throws InterruptedException {
    try (SpindleContext ctx = new SpindleContext(new SpindleConf().setAppName("sleep"))) {
      ctx.parallelize(List.of(1, 2, 3), 3).count();
      Thread.sleep(Long.parseLong(args[0]) * 1000);
    }
  }
}
