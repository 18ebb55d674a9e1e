package io.spindle.scheduler;

import io.spindle.function.TaskLocality;
import io.spindle.shuffle.FetchFailedException;
import io.spindle.util.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Tracks the tasks of one {@link TaskSet}: which are pending, running or done, and how often each
 * failed. A failed task goes back to the queue, with its preferred locations, until it has failed
 * {@code maxFailures} times; then the whole set is aborted. A fetch failure instead turns the set
 * into a zombie (the DAG scheduler resubmits the stage). Guarded by the task scheduler's lock.
 *
 * <p>Placement: {@link PendingTasks} indexes the pending tasks by preferred executor, host and
 * rack, and {@link LocalityWaitPolicy} decides how far from its data a task may run now (delay
 * scheduling). Tasks without preference never wait. Waits are measured on the {@link Clock} the
 * task scheduler passes in, so tests move time by hand.
 */
final class TaskSetManager {
  /** What happened to the set after a task ended. */
  enum Outcome { RUNNING, FINISHED, ABORTED }

  private final TaskSet taskSet;
  private final int maxFailures;
  private final LiveExecutors cluster;
  private final List<List<TaskLocation>> preferred;
  private final PendingTasks pending;
  private final LocalityWaitPolicy locality;
  private final Clock clock;
  private final int[] failures;
  private final int[] attempts;
  private final int[] copiesRunning;
  private final boolean[] succeeded;
  private final Map<Long, Integer> running = new HashMap<>();
  private int numSucceeded;
  private boolean zombie;
  private String abortReason;
  private Throwable abortCause;

  /** {@code preferred}: each task's parsed, normalised preferred locations (see {@link TaskLocation#parseAll}). */
  TaskSetManager(TaskSet taskSet, List<List<TaskLocation>> preferred, int maxFailures, LocalityWaits waits,
      LiveExecutors cluster, Clock clock) {
    this.taskSet = taskSet;
    this.clock = clock;
    this.maxFailures = maxFailures;
    this.cluster = cluster;
    int n = taskSet.partitions().size();
    this.failures = new int[n];
    this.attempts = new int[n];
    this.copiesRunning = new int[n];
    this.succeeded = new boolean[n];
    this.preferred = preferred;
    this.pending = new PendingTasks(i -> !zombie && copiesRunning[i] == 0 && !succeeded[i]);
    for (int i = n - 1; i >= 0; i--) {
      pending.add(i, preferred.get(i), cluster); // reverse: the stacks pop index order
    }
    this.locality = new LocalityWaitPolicy(waits, pending.validLevels(cluster), nowMillis());
  }

  /** The clock in milliseconds, the unit of {@link LocalityWaits}. */
  private long nowMillis() {
    return clock.nanoTime() / 1_000_000;
  }

  TaskSet taskSet() {
    return taskSet;
  }

  boolean isZombie() {
    return zombie;
  }

  boolean hasPending() {
    return !zombie && pending.hasPendingAt(TaskLocality.ANY, cluster);
  }

  int runningCount() {
    return running.size();
  }

  /** The levels the set can use with the live executors, best first (ends with ANY). */
  TaskLocality[] localityLevels() {
    return locality.levels();
  }

  /** Whether the set holds back tasks for better locality, so a later offer may launch more. */
  boolean waitingForLocality() {
    return hasPending() && locality.mayRelax();
  }

  /** Executors came or went (just now, by the clock). */
  void recomputeLocality() {
    locality.setLevels(pending.validLevels(cluster), nowMillis());
  }

  /** Adds this set's pending tasks (neither running nor done) to {@code demand}. */
  void addPendingTo(ExecutorDemand.Builder demand) {
    if (zombie) {
      return;
    }
    for (int i = 0; i < succeeded.length; i++) {
      if (copiesRunning[i] == 0 && !succeeded[i]) {
        demand.addTask(preferred.get(i));
      }
    }
  }

  /**
   * The next task to run on this executor at a level no worse than {@code maxLocality} and than
   * delay scheduling allows now, or null.
   */
  TaskDescription resourceOffer(String executorId, String host, TaskLocality maxLocality, long taskId) {
    if (zombie) {
      return null;
    }
    long now = nowMillis();
    TaskLocality allowed = maxLocality;
    if (maxLocality != TaskLocality.NO_PREF) { // the NO_PREF round only takes local or unpreferred tasks
      TaskLocality byDelay = locality.allowedLevel(now, level -> pending.hasPendingAt(level, cluster));
      if (byDelay.compareTo(maxLocality) < 0) {
        allowed = byDelay;
      }
    }
    PendingTasks.Dequeued next = pending.dequeue(executorId, host, cluster.rackOf(host), allowed,
        TaskLocality.isAllowed(maxLocality, TaskLocality.NO_PREF));
    if (next == null) {
      return null;
    }
    locality.launched(next.locality(), now);
    int index = next.index();
    copiesRunning[index]++;
    running.put(taskId, index);
    return new TaskDescription(taskId, taskSet.stageId(), taskSet.stageAttempt(),
        taskSet.partitions().get(index), attempts[index]++, taskSet.taskBinary(), next.locality());
  }

  Outcome taskEnded(long taskId, TaskDescription task, TaskResult result) {
    Integer index = running.remove(taskId);
    if (index == null) {
      return Outcome.RUNNING;
    }
    copiesRunning[index]--;
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
    if (result.failure() instanceof FetchFailedException) {
      // Spark: not the task's fault and no use retrying it here, so it does not count against
      // maxFailures; the DAG scheduler re-runs the lost map tasks and resubmits the stage. No new
      // task of this attempt starts; running ones may finish, and their results count.
      zombie = true;
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
    // Retry with the same preferences; on top of the stacks, so before the others and a failing job fails fast.
    pending.add(index, preferred.get(index), cluster);
    return Outcome.RUNNING;
  }

  void abort() {
    zombie = true;
  }

  String abortReason() {
    return abortReason;
  }

  Throwable abortCause() {
    return abortCause;
  }
}
