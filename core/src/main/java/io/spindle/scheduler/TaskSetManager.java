package io.spindle.scheduler;

import io.spindle.function.TaskLocality;
import io.spindle.shuffle.FetchFailedException;
import io.spindle.util.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 *
 * <p>Exclusion ({@code spindle.excludeOnFailure.enabled}): failures that count are recorded in a
 * {@link TaskSetExcludelist}, and offers skip the executors and hosts it excludes for a task or
 * for the whole set; {@link #completelyExcludedTask} finds a task that can run nowhere.
 *
 * <p>Speculation ({@code spindle.speculation}): {@link #checkSpeculatableTasks} marks running
 * tasks much slower than the median successful one; an offer with no regular task left launches a
 * copy of one on an executor that runs no attempt of it. The first attempt of a partition to
 * succeed wins; {@link #attemptsToKill} then names the others (their later results are ignored,
 * and a failure of a partition already done never counts). A commit denial (another attempt holds
 * the partition's commit) does not count as a failure either.
 */
final class TaskSetManager {
  /** What happened to the set after a task ended. */
  enum Outcome { RUNNING, FINISHED, ABORTED }

  private static final Logger LOG = LoggerFactory.getLogger(TaskSetManager.class);

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
  /** Running attempts: where and since when (clock ms), for speculation and exclusion. */
  private final Map<Long, RunningAttempt> attemptInfo = new HashMap<>();
  private final long[] successMillis; // run time of each task's first successful attempt
  private final java.util.TreeSet<Integer> speculatable = new java.util.TreeSet<>();
  private final TaskSetExcludelist excludelist; // null unless exclusion is on
  private final HealthTracker health; // null unless exclusion is on
  private List<Long> toKill = List.of();
  private int numSucceeded;
  private boolean zombie;
  private String abortReason;
  private Throwable abortCause;

  /** Where an attempt runs and since when. */
  private record RunningAttempt(int index, String executorId, String host, long startMillis) {}

  /** {@code preferred}: each task's parsed, normalised preferred locations (see {@link TaskLocation#parseAll}). */
  TaskSetManager(TaskSet taskSet, List<List<TaskLocation>> preferred, int maxFailures, LocalityWaits waits,
      LiveExecutors cluster, Clock clock) {
    this(taskSet, preferred, maxFailures, waits, cluster, clock, null);
  }

  /** With exclusion after failures when {@code health} is given (its settings say how much). */
  TaskSetManager(TaskSet taskSet, List<List<TaskLocation>> preferred, int maxFailures, LocalityWaits waits,
      LiveExecutors cluster, Clock clock, HealthTracker health) {
    this.health = health;
    this.excludelist = health == null ? null : new TaskSetExcludelist(health.settings(), taskSet.name());
    this.successMillis = new long[taskSet.partitions().size()];
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

  /** Whether an offer may launch something: a pending task, or a copy of a straggler. */
  boolean hasPendingOrSpeculatable() {
    return hasPending() || (!zombie && !speculatable.isEmpty());
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
    if (excludelist != null && excludelist.isExcludedForSet(executorId, host)) {
      return null;
    }
    PendingTasks.Dequeued next = excludelist == null
        ? pending.dequeue(executorId, host, cluster.rackOf(host), allowed,
            TaskLocality.isAllowed(maxLocality, TaskLocality.NO_PREF))
        : pending.dequeue(executorId, host, cluster.rackOf(host), allowed,
            TaskLocality.isAllowed(maxLocality, TaskLocality.NO_PREF),
            i -> !excludelist.isExcludedForTask(executorId, host, i));
    if (next == null) {
      return maxLocality == TaskLocality.ANY ? speculativeOffer(executorId, host, taskId, now) : null;
    }
    locality.launched(next.locality(), now);
    return launch(next.index(), executorId, host, taskId, now, next.locality());
  }

  private TaskDescription launch(int index, String executorId, String host, long taskId, long now,
      TaskLocality level) {
    copiesRunning[index]++;
    running.put(taskId, index);
    attemptInfo.put(taskId, new RunningAttempt(index, executorId, host, now));
    return new TaskDescription(taskId, taskSet.stageId(), taskSet.stageAttempt(),
        taskSet.partitions().get(index), attempts[index]++, taskSet.taskBinary(), level);
  }

  /**
   * A copy of a straggler for this executor, or null: never where an attempt of the task runs.
   * "Where" is the host when the cluster has several hosts (Spark's rule), the executor when all
   * executors share one host (a MiniYARNCluster, local-cluster), and nothing in local mode, whose
   * one executor is the only place a copy can run (its threads are the slots).
   */
  private TaskDescription speculativeOffer(String executorId, String host, long taskId, long now) {
    for (java.util.Iterator<Integer> it = speculatable.iterator(); it.hasNext(); ) {
      int index = it.next();
      if (succeeded[index] || copiesRunning[index] != 1) {
        it.remove();
        continue;
      }
      if (runsAttemptNear(index, executorId, host)
          || (excludelist != null && excludelist.isExcludedForTask(executorId, host, index))) {
        continue;
      }
      it.remove();
      LOG.info("Launching a speculative copy of task {} of stage {} on executor {} ({})",
          taskSet.partitions().get(index).index(), taskSet.name(), executorId, host);
      return launch(index, executorId, host, taskId, now, TaskLocality.ANY);
    }
    return null;
  }

  private boolean runsAttemptNear(int index, String executorId, String host) {
    boolean byHost = cluster.hostCount() > 1;
    boolean byExecutor = cluster.executorCount() > 1;
    for (RunningAttempt a : attemptInfo.values()) {
      if (a.index() == index && ((byHost && a.host().equals(host)) || (byExecutor && a.executorId().equals(executorId)))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Spark's checkSpeculatableTasks: once {@code quantile} of the tasks succeeded, marks each task
   * that runs as its only attempt for longer than max({@code multiplier} x the median successful
   * run time, {@code minTaskRuntimeMillis}). True if it marked any.
   */
  boolean checkSpeculatableTasks(SpeculationSettings s) {
    int n = succeeded.length;
    if (zombie || n == 0) {
      return false;
    }
    int minFinished = Math.max((int) Math.floor(s.quantile() * n), 1);
    if (numSucceeded < minFinished) {
      return false;
    }
    long[] durations = new long[numSucceeded];
    int k = 0;
    for (int i = 0; i < n; i++) {
      if (succeeded[i]) {
        durations[k++] = successMillis[i];
      }
    }
    java.util.Arrays.sort(durations);
    long median = durations[durations.length / 2];
    double threshold = Math.max(s.multiplier() * median, s.minTaskRuntimeMillis());
    long now = nowMillis();
    boolean found = false;
    for (RunningAttempt a : attemptInfo.values()) {
      int index = a.index();
      if (!succeeded[index] && copiesRunning[index] == 1 && now - a.startMillis() > threshold
          && speculatable.add(index)) {
        LOG.info("Task {} of stage {} on executor {} has run {} ms, more than {} ms (median {} ms x "
            + "spindle.speculation.multiplier {}): marked for speculation", taskSet.partitions().get(index).index(),
            taskSet.name(), a.executorId(), now - a.startMillis(), (long) threshold, median, s.multiplier());
        found = true;
      }
    }
    return found;
  }

  /** The other running attempts of the partition whose success {@link #taskEnded} just counted. */
  List<Long> attemptsToKill() {
    List<Long> out = toKill;
    toKill = List.of();
    return out;
  }

  /**
   * A pending task that no live executor may run any more (every one is excluded for it, for this
   * set or for the application), or -1 (Spark's getCompletelyExcludedTaskIfAny).
   */
  int completelyExcludedTask() {
    if (excludelist == null || zombie || cluster.executorCount() == 0) {
      return -1;
    }
    Map<String, String> executors = cluster.executorsWithHosts();
    for (int index : pending.allPending()) {
      boolean runnable = false;
      for (Map.Entry<String, String> e : executors.entrySet()) {
        String exec = e.getKey();
        String host = e.getValue();
        if (!health.isExcluded(exec, host) && !excludelist.isExcludedForSet(exec, host)
            && !excludelist.isExcludedForTask(exec, host, index)) {
          runnable = true;
          break;
        }
      }
      if (!runnable) {
        return index;
      }
    }
    return -1;
  }

  /** Ends the set because task {@code index} can run nowhere; the reason says why and what to change. */
  void abortUnschedulable(int index) {
    zombie = true;
    abortReason = "Task " + taskSet.partitions().get(index).index() + " in stage " + taskSet.name()
        + " cannot run anywhere: it failed on, or is excluded from, every live executor (executors excluded for "
        + "this stage: " + new java.util.TreeSet<>(excludelist.excludedExecutors()) + ", for the application: "
        + health.excludedExecutors() + ", hosts for the application: " + health.excludedHosts()
        + "). Exclusion is set by spindle.excludeOnFailure.* (docs/fault-tolerance.md); most recent failure: "
        + lastFailure;
    abortCause = lastFailure;
  }

  private Throwable lastFailure;
  /** Since when (clock ms) a task of this set can run on no live executor; -1: it can. For the task scheduler. */
  long unschedulableSince = -1;

  /** The set's failures, per executor, for the application's tracker (exclusion on), else null. */
  TaskSetExcludelist excludelist() {
    return excludelist;
  }

  Outcome taskEnded(long taskId, TaskDescription task, TaskResult result) {
    Integer index = running.remove(taskId);
    if (index == null) {
      return Outcome.RUNNING;
    }
    RunningAttempt attempt = attemptInfo.remove(taskId);
    copiesRunning[index]--;
    if (result.succeeded()) {
      if (!succeeded[index]) {
        succeeded[index] = true;
        numSucceeded++;
        successMillis[index] = attempt == null ? 0 : nowMillis() - attempt.startMillis();
        speculatable.remove(index);
        List<Long> others = new java.util.ArrayList<>();
        running.forEach((otherTask, otherIndex) -> {
          if (otherIndex.intValue() == index) {
            others.add(otherTask);
          }
        });
        toKill = others;
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
      return Outcome.RUNNING; // e.g. the loser of a speculation race, killed or denied its commit
    }
    if (result.failure() instanceof CountableFailure f && !f.countsTowardsTaskFailures()) {
      // The cluster took the executor (preempted, lost with its node): not the task's fault, so not
      // counted against maxFailures nor held against the executor (Spark's exitCausedByApp = false).
      if (copiesRunning[index] == 0) {
        pending.add(index, preferred.get(index), cluster);
      }
      return Outcome.RUNNING;
    }
    if (result.failure() instanceof io.spindle.output.CommitDeniedException) {
      // Another attempt holds the partition's commit: not this task's fault (Spark's TaskCommitDenied).
      if (copiesRunning[index] == 0) {
        pending.add(index, preferred.get(index), cluster);
      }
      return Outcome.RUNNING;
    }
    lastFailure = result.failure();
    if (excludelist != null && attempt != null) {
      excludelist.taskFailed(attempt.executorId(), attempt.host(), index, nowMillis());
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
    if (copiesRunning[index] == 0) { // else the other copy (a speculative one) may still succeed
      pending.add(index, preferred.get(index), cluster);
    }
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
