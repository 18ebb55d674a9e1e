package io.spindle.scheduler;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Tracks the tasks of one {@link TaskSet}: which are pending, running or done, and how often each
 * failed. A failed task goes back to the queue until it has failed {@code maxFailures} times;
 * then the whole set is aborted. Guarded by the task scheduler's lock.
 *
 * <p>Placement is FIFO over the pending tasks for now; locality levels with delay scheduling
 * (process, node, rack, any) plug in here with the YARN backend.
 */
final class TaskSetManager {
  /** What happened to the set after a task ended. */
  enum Outcome { RUNNING, FINISHED, ABORTED }

  private final TaskSet taskSet;
  private final int maxFailures;
  private final Deque<Integer> pending = new ArrayDeque<>();
  private final int[] failures;
  private final int[] attempts;
  private final boolean[] succeeded;
  private final Map<Long, Integer> running = new HashMap<>();
  private int numSucceeded;
  private boolean zombie;
  private String abortReason;
  private Throwable abortCause;

  TaskSetManager(TaskSet taskSet, int maxFailures) {
    this.taskSet = taskSet;
    this.maxFailures = maxFailures;
    int n = taskSet.partitions().size();
    this.failures = new int[n];
    this.attempts = new int[n];
    this.succeeded = new boolean[n];
    for (int i = 0; i < n; i++) {
      pending.add(i);
    }
  }

  TaskSet taskSet() {
    return taskSet;
  }

  boolean isZombie() {
    return zombie;
  }

  boolean hasPending() {
    return !zombie && !pending.isEmpty();
  }

  int runningCount() {
    return running.size();
  }

  /** The next task to run on this executor, or null. */
  TaskDescription resourceOffer(String executorId, String host, long taskId) {
    if (zombie) {
      return null;
    }
    Integer index = pending.poll();
    if (index == null) {
      return null;
    }
    running.put(taskId, index);
    return new TaskDescription(taskId, taskSet.stageId(), taskSet.stageAttempt(),
        taskSet.partitions().get(index), attempts[index]++, taskSet.taskBinary());
  }

  Outcome taskEnded(long taskId, TaskDescription task, TaskResult result) {
    Integer index = running.remove(taskId);
    if (index == null) {
      return Outcome.RUNNING;
    }
    if (result.succeeded()) {
      if (!succeeded[index]) {
        succeeded[index] = true;
        numSucceeded++;
      }
      if (numSucceeded == succeeded.length) {
        zombie = true;
        return Outcome.FINISHED;
      }
      return Outcome.RUNNING;
    }
    if (zombie || succeeded[index]) {
      return Outcome.RUNNING;
    }
    failures[index]++;
    if (failures[index] >= maxFailures) {
      zombie = true;
      Throwable cause = result.failure();
      abortReason = "Task " + task.partitionIndex() + " in stage " + taskSet.name() + " failed "
          + failures[index] + " time" + (failures[index] == 1 ? "" : "s") + "; most recent failure: " + cause;
      abortCause = cause;
      return Outcome.ABORTED;
    }
    pending.addFirst(index); // retry soon, before the others, so a failing job fails fast
    return Outcome.RUNNING;
  }

  void abort() {
    zombie = true;
    pending.clear();
  }

  String abortReason() {
    return abortReason;
  }

  Throwable abortCause() {
    return abortCause;
  }
}
