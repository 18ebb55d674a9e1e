package io.spindle.it.yarn.apps;

import io.spindle.SpindleConf;
import io.spindle.SpindleContext;
import java.util.List;

/** Every attempt of every task throws, so the job fails after spindle.task.maxFailures attempts. */
public final class FailingTaskApp {
  private FailingTaskApp() {}

  public static void main(String[] args) {
    try (SpindleContext ctx = new SpindleContext(new SpindleConf().setAppName("failing-task"))) {
      ctx.parallelize(List.of(1, 2, 3, 4), 2).map(x -> {
        if (x > 0) {
          throw new IllegalStateException("no task may succeed (record " + x + ")");
        }
        return x;
      }).count();
    }
  }
}
