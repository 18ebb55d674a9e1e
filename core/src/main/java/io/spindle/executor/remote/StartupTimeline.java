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

  /** What the JVM spent so far: CPU, JIT compilation, GC (ms) and classes loaded, for where a short job's time goes. */
  static String resources(String executorId) {
    long gc = 0;
    for (java.lang.management.GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
      gc += Math.max(0, b.getCollectionTime());
    }
    java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    long cpuMs = os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() / 1_000_000 : -1;
    return "Resources: executor=" + executorId + " cpuMs=" + cpuMs + " jitMs="
        + ManagementFactory.getCompilationMXBean().getTotalCompilationTime() + " gcMs=" + gc + " classes="
        + ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount() + " uptimeMs="
        + ManagementFactory.getRuntimeMXBean().getUptime();
  }
}
