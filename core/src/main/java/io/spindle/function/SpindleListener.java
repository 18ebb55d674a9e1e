package io.spindle.function;

import java.util.List;

/**
 * Receives scheduler events: jobs, stages and tasks starting and ending. Calls come from a
 * listener-bus thread (not the scheduler's), in the order the scheduler posted them, shortly after
 * the fact; a listener that falls too far behind loses events (counted in the log) instead of
 * slowing the scheduler down. Don't call actions from them. Exceptions thrown by a listener are
 * logged and ignored.
 */
public interface SpindleListener {

  /**
   * A stage attempt as listeners see it; {@code failureReason} is set when the attempt ended
   * without completing (a task could not fetch shuffle output, so lost map output is recomputed
   * and the stage resubmitted), null otherwise.
   */
  record StageInfo(int stageId, int attempt, String name, int numTasks, boolean shuffleMap, String failureReason) {
    public StageInfo(int stageId, int attempt, String name, int numTasks, boolean shuffleMap) {
      this(stageId, attempt, name, numTasks, shuffleMap, null);
    }
  }

  /**
   * The end of one task attempt; {@code failure} is null when it succeeded; {@code locality} is
   * how close to its input the attempt ran; {@code metrics} are the attempt's counters (records,
   * bytes, spills, peak execution memory), null if unknown.
   */
  record TaskInfo(long taskId, int stageId, int partition, int attemptNumber, String executorId,
      String failure, TaskLocality locality, io.spindle.function.TaskMetrics metrics) {
    public TaskInfo(long taskId, int stageId, int partition, int attemptNumber, String executorId, String failure,
        TaskLocality locality) {
      this(taskId, stageId, partition, attemptNumber, executorId, failure, locality, null);
    }

    public boolean succeeded() {
      return failure == null;
    }
  }

  /** An executor that can run tasks; in local mode the one "driver" executor is not announced. */
  record ExecutorInfo(String executorId, String host, int cores) {}

  /** A task attempt handed to an executor ({@code stageAttempt} tells resubmitted stages apart). */
  record TaskStartInfo(long taskId, int stageId, int stageAttempt, int partition, int attemptNumber,
      String executorId, String host, TaskLocality locality) {}

  default void onJobStart(int jobId, List<Integer> stageIds) {}

  /**
   * A job started; {@code callSite} names the action and the user code that called it
   * ("count at WordCount.java:42", Spark's job name), null if unknown. Calls the two-argument
   * form unless overridden.
   */
  default void onJobStart(int jobId, List<Integer> stageIds, String callSite) {
    onJobStart(jobId, stageIds);
  }

  default void onTaskStart(TaskStartInfo task) {}

  default void onStageSubmitted(StageInfo stage) {}

  default void onTaskEnd(TaskInfo task) {}

  default void onStageCompleted(StageInfo stage) {}

  default void onJobEnd(int jobId, boolean succeeded) {}

  /** A job ended; {@code failureReason} is null when it succeeded. Calls the two-argument form unless overridden. */
  default void onJobEnd(int jobId, boolean succeeded, String failureReason) {
    onJobEnd(jobId, succeeded);
  }

  /** An executor registered with the driver (cluster backends). */
  default void onExecutorAdded(ExecutorInfo executor) {}

  default void onExecutorRemoved(String executorId, String reason) {}
}
