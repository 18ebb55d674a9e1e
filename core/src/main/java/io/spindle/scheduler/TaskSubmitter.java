package io.spindle.scheduler;

/**
 * What the DAG scheduler asks of the task scheduler: run a stage attempt's tasks, stop launching
 * a stage's tasks. {@link TaskScheduler} is the implementation; unit tests of {@link DagScheduler}
 * use one that records the task sets and ends their tasks by hand.
 */
public interface TaskSubmitter {
  /** Runs the task set's tasks; their ends come back through the {@link TaskEventSink}. */
  void submitTasks(TaskSet taskSet);

  /** Stops launching tasks of a stage (its job is over); running ones finish and are ignored. */
  void cancelStage(int stageId);

  /** Kills the running tasks of a (cancelled) stage: interrupts their threads if {@code interrupt}. */
  default void killTasks(int stageId, boolean interrupt, String reason) {}
}
