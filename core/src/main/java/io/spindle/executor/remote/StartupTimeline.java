package io.spindle.executor.remote;

import java.lang.management.ManagementFactory;

/**
 * The executor's start-up milestones (epoch ms) as one {@code Timeline:} line on its stderr (the
 * container's log): when its JVM started and when the driver accepted its registration. With the
 * AM's timeline this splits "executor start" into container allocation, launch and JVM start-up.
 */
final class StartupTimeline {
  private StartupTimeline() {}

  static String registered(String executorId) {
    return "Timeline: executor=" + executorId + " jvmStart=" + ManagementFactory.getRuntimeMXBean().getStartTime()
        + " registered=" + System.currentTimeMillis();
  }
}
