package io.spindle.cluster;

import io.spindle.executor.LocalBackend;
import io.spindle.scheduler.SchedulerBackend;

/**
 * Tasks on {@code threads} threads of the driver's own JVM ({@link LocalBackend}): master
 * {@code local[N]}, and a cluster manager's driver that runs without executors.
 *
 * @param threads task threads (at least 1)
 * @param logsSchedulerEvents see {@link ClusterDeployment#logsSchedulerEvents()}
 */
public record LocalThreads(int threads, boolean logsSchedulerEvents) implements ClusterDeployment {
  public LocalThreads {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be positive: " + threads);
    }
  }

  @Override
  public SchedulerBackend createBackend(BackendContext context) {
    return new LocalBackend(context.taskScheduler(), threads, context.driverEnv(), context.userLoader());
  }
}
