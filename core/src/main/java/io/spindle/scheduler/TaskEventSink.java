package io.spindle.scheduler;

/** How the task scheduler reports back to the DAG scheduler. Implementations must not block. */
public interface TaskEventSink {

  /** One attempt ended (successfully or not; a failure may still be retried). */
  void taskEnded(TaskDescription task, String executorId, TaskResult result);

  /** A stage attempt cannot complete: a task failed for good. */
  void taskSetFailed(int stageId, String reason, Throwable cause);
}
