package io.spindle.cluster;

import io.spindle.scheduler.ExecutorDemand;

/**
 * Spark's "Initial job has not accepted any resources" warning: once tasks are pending and none
 * has been launched for {@code timeoutMillis}, says so, and again every {@code timeoutMillis}
 * until the first task launches. With executors requested on demand the driver no longer waits
 * for them at start, so this is what tells a user whose queue is full why nothing happens.
 * Called from one thread (the backend's watchdog).
 */
final class StarvationWatch {
  static final long DEFAULT_TIMEOUT_MS = 15_000; // spark.starvation.timeout

  private final long timeoutMillis;
  private long pendingSince = -1;
  private long lastWarning;
  private boolean over;

  StarvationWatch(long timeoutMillis) {
    this.timeoutMillis = timeoutMillis;
  }

  /**
   * The warning to log now, or null. {@code tasksLaunched}: tasks launched on executors so far;
   * {@code registered}: executors registered now.
   */
  String check(long nowMillis, ExecutorDemand demand, long tasksLaunched, int registered) {
    if (over || tasksLaunched > 0) {
      over = true;
      return null;
    }
    if (demand.isEmpty()) {
      return null;
    }
    if (pendingSince < 0) {
      pendingSince = nowMillis;
      lastWarning = nowMillis;
      return null;
    }
    if (nowMillis - lastWarning < timeoutMillis) {
      return null;
    }
    lastWarning = nowMillis;
    return "Initial job has not accepted any resources for " + (nowMillis - pendingSince) / 1000 + " s: "
        + demand.pendingTasks() + " task(s) wait and " + registered + " executor(s) have registered; check your "
        + "cluster UI to ensure that executors are starting and that the queue has room for them";
  }
}
