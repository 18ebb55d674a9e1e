package io.spindle.scheduler;

import io.spindle.executor.LocalBackend;
/**
 * Runs tasks somewhere: threads of this JVM ({@link LocalBackend}) or executors in YARN
 * containers. The task scheduler tells it when there is work; it answers with resource offers
 * and reports each task's end back to the task scheduler.
 */
public interface SchedulerBackend {
  void start();

  /** There may be new tasks to run: make offers for the free slots. */
  void reviveOffers();

  /** Partitions a shuffle gets when neither the user nor the config says. */
  int defaultParallelism();

  void stop();

  /**
   * Asks a running task to stop (its job was cancelled): with {@code interrupt} its thread is
   * interrupted. A backend that cannot reach the task lets it finish; its result is then ignored.
   */
  default void killTask(long taskId, boolean interrupt, String reason) {}

  /**
   * Stops an executor the scheduler excluded ({@code spindle.excludeOnFailure.killExcludedExecutors});
   * a cluster manager that replaces lost executors starts another. Default: not supported, kept.
   */
  default void killExecutor(String executorId, String reason) {}

  /**
   * Whether executors other than the registered ones may still come (a cluster manager that starts
   * or replaces them on demand): a task set excluded from every live executor then waits
   * {@code spindle.scheduler.excludeOnFailure.unschedulableTaskSetTimeout} before it fails.
   */
  default boolean mayAddExecutors() {
    return false;
  }
}
