package io.spindle.scheduler;

/**
 * What the DAG scheduler's event thread works on (Spark's DAGSchedulerEvent). Every public entry
 * point of {@link DagScheduler} only posts one of these; {@link DagScheduler} handles them one at
 * a time on its {@link DagSchedulerEventLoop}, so DAG state changes on that thread only.
 */
sealed interface DagSchedulerEvent {

  /** An action wants its partitions computed; the caller blocks on the job's waiter. */
  record JobSubmitted(ActiveJob job) implements DagSchedulerEvent {}

  /** An attempt was handed to an executor (for listeners). */
  record TaskStarted(TaskDescription task, String executorId, String host) implements DagSchedulerEvent {}

  /** An attempt ended, successfully or not (a fetch failure is one way to fail). */
  record TaskEnded(TaskDescription task, String executorId, TaskResult result) implements DagSchedulerEvent {}

  /** The task scheduler gave up on a stage attempt: a task failed {@code spindle.task.maxFailures} times. */
  record TaskSetFailed(int stageId, String reason, Throwable cause) implements DagSchedulerEvent {}

  /** An executor registered (for listeners). */
  record ExecutorAdded(String executorId, String host, int cores, java.util.Map<String, String> logUrls)
      implements DagSchedulerEvent {
    ExecutorAdded(String executorId, String host, int cores) {
      this(executorId, host, cores, java.util.Map.of());
    }
  }

  /** An executor is gone (for listeners; its tasks' ends arrive as {@link TaskEnded}). */
  record ExecutorRemoved(String executorId, String reason) implements DagSchedulerEvent {}

  /** An executor's cached partition changed (for listeners; ordered with the executor's add and removal). */
  record BlockUpdated(BlockUpdateInfo update) implements DagSchedulerEvent {}

  /** An executor's block store is up (for listeners; ordered after the executor's add). */
  record BlockManagerAdded(String executorId, String host, long maxMemory) implements DagSchedulerEvent {}

  /** The resubmit delay after a fetch failure passed: run the lost map tasks and the failed stages again. */
  record ResubmitFailedStages() implements DagSchedulerEvent {}

  /**
   * Cancel active jobs: those of job group {@code groupId}, or all of them ({@code groupId} and
   * {@code jobId} null), or the one job {@code jobId}. Their waiters fail with a JobCancelledException,
   * their stages' running tasks are killed (interrupted if the job's {@code interruptOnCancel}
   * property or {@code interrupt} says so), and their stages may no longer commit output.
   */
  record JobsCancelled(String groupId, Integer jobId, boolean interrupt, String reason) implements DagSchedulerEvent {}

  /** The context is closing: jobs still running fail; the event loop ends once the queue is empty. */
  record SchedulerStopped() implements DagSchedulerEvent {}
}
