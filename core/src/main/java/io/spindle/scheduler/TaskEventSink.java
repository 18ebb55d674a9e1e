package io.spindle.scheduler;

/** How the task scheduler reports back to the DAG scheduler. Implementations must not block. */
public interface TaskEventSink {

  /** One attempt ended (successfully or not; a failure may still be retried). */
  void taskEnded(TaskDescription task, String executorId, TaskResult result);

  /** A stage attempt cannot complete: a task failed for good. */
  void taskSetFailed(int stageId, String reason, Throwable cause);

  /** An attempt was handed to {@code executorId} on {@code host} (for listeners; default: ignored). */
  default void taskStarted(TaskDescription task, String executorId, String host) {}

  /** An executor registered (for listeners; default: ignored). */
  default void executorAdded(String executorId, String host, int cores) {}

  /** An executor is gone (for listeners; default: ignored). */
  default void executorRemoved(String executorId, String reason) {}

  /** An executor registered, with links to its logs (for listeners; default: the form without them). */
  default void executorAdded(String executorId, String host, int cores, java.util.Map<String, String> logUrls) {
    executorAdded(executorId, host, cores);
  }

  /** An executor's cached partition changed (for listeners; default: ignored). */
  default void blockUpdated(BlockUpdateInfo update) {}

  /** An executor's block store is up with {@code maxMemory} bytes (for listeners; default: ignored). */
  default void blockManagerAdded(String executorId, String host, long maxMemory) {}
}
