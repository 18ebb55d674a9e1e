package io.spindle.scheduler;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the tasks of one task set (one stage attempt) may no longer run because they failed there
 * (Spark's TaskSetExcludelist): an executor is excluded for a task after
 * {@code task.maxTaskAttemptsPerExecutor} failures of that task on it, a host after
 * {@code task.maxTaskAttemptsPerNode}; an executor is excluded for the whole set once
 * {@code stage.maxFailedTasksPerExecutor} different tasks failed on it, and a host once
 * {@code stage.maxFailedExecutorsPerNode} of its executors are. Nothing here expires: the set is
 * short-lived. What it counted feeds the application-wide {@link HealthTracker} when the set
 * succeeds. Guarded by the task scheduler's lock.
 */
final class TaskSetExcludelist {
  private static final Logger LOG = LoggerFactory.getLogger(TaskSetExcludelist.class);

  /** One executor's failures in this set: its host and, per task index, how often and when last. */
  static final class ExecutorFailures {
    final String host;
    final Map<Integer, Integer> countByTask = new HashMap<>();
    final Map<Integer, Long> lastFailureMillis = new HashMap<>();

    ExecutorFailures(String host) {
      this.host = host;
    }
  }

  private final ExclusionSettings settings;
  private final String stageName;
  private final Map<String, ExecutorFailures> byExecutor = new HashMap<>();
  /** host -> task index -> failures of that task on any executor of the host. */
  private final Map<String, Map<Integer, Integer>> byHostAndTask = new HashMap<>();
  private final Set<String> excludedExecutors = new HashSet<>();
  private final Set<String> excludedHosts = new HashSet<>();

  TaskSetExcludelist(ExclusionSettings settings, String stageName) {
    this.settings = settings;
    this.stageName = stageName;
  }

  /** Task {@code index} failed on {@code executorId} at {@code host} (a failure that counts). */
  void taskFailed(String executorId, String host, int index, long nowMillis) {
    ExecutorFailures f = byExecutor.computeIfAbsent(executorId, e -> new ExecutorFailures(host));
    f.countByTask.merge(index, 1, Integer::sum);
    f.lastFailureMillis.put(index, nowMillis);
    byHostAndTask.computeIfAbsent(host, h -> new HashMap<>()).merge(index, 1, Integer::sum);
    if (f.countByTask.size() >= settings.maxFailedTasksPerExecutorStage() && excludedExecutors.add(executorId)) {
      LOG.warn("Executor {} on {} is excluded for stage {}: {} different tasks failed on it "
          + "(spindle.excludeOnFailure.stage.maxFailedTasksPerExecutor = {})", executorId, host, stageName,
          f.countByTask.size(), settings.maxFailedTasksPerExecutorStage());
      long onHost = excludedExecutors.stream().filter(e -> host.equals(byExecutor.get(e).host)).count();
      if (onHost >= settings.maxFailedExecutorsPerNodeStage() && excludedHosts.add(host)) {
        LOG.warn("Host {} is excluded for stage {}: {} of its executors are "
            + "(spindle.excludeOnFailure.stage.maxFailedExecutorsPerNode = {})", host, stageName, onHost,
            settings.maxFailedExecutorsPerNodeStage());
      }
    }
  }

  /** Whether task {@code index} may not run on this executor or host any more. */
  boolean isExcludedForTask(String executorId, String host, int index) {
    ExecutorFailures f = byExecutor.get(executorId);
    if (f != null && f.countByTask.getOrDefault(index, 0) >= settings.maxTaskAttemptsPerExecutor()) {
      return true;
    }
    Map<Integer, Integer> onHost = byHostAndTask.get(host);
    return onHost != null && onHost.getOrDefault(index, 0) >= settings.maxTaskAttemptsPerNode();
  }

  /** Whether no task of this set may run on this executor (or any on this host). */
  boolean isExcludedForSet(String executorId, String host) {
    return excludedExecutors.contains(executorId) || excludedHosts.contains(host);
  }

  Set<String> excludedExecutors() {
    return Set.copyOf(excludedExecutors);
  }

  /** Every executor's failures, for the application's tracker once the set succeeded. */
  Map<String, ExecutorFailures> failuresByExecutor() {
    return byExecutor;
  }
}
