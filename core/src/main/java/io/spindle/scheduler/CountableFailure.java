package io.spindle.scheduler;

/**
 * A task failure that may not be the task's fault (Spark's {@code TaskFailedReason.countTowardsTaskFailures}):
 * when {@link #countsTowardsTaskFailures()} is false, the task set retries the task without counting the
 * attempt against {@code spindle.task.maxFailures} or excluding its executor — e.g. the executor running it
 * was preempted by YARN or lost with its node.
 */
public interface CountableFailure {
  /** True if this failure counts against the task's attempts (the default for any other failure). */
  boolean countsTowardsTaskFailures();
}
