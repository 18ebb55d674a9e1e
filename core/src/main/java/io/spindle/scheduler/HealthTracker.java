package io.spindle.scheduler;

import io.spindle.util.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executors and hosts excluded for the whole application (Spark's HealthTracker). Only failures
 * in task sets that then succeeded count (a stage that fails everywhere says more about the job
 * than about an executor): an executor with {@code application.maxFailedTasksPerExecutor} failed
 * tasks within {@code spindle.excludeOnFailure.timeout} is excluded for that timeout, and a host
 * with {@code application.maxFailedExecutorsPerNode} excluded executors with it. Exclusions end
 * when the timeout has passed on the {@link Clock}; then the executor starts with a clean record.
 * Guarded by the task scheduler's lock.
 */
final class HealthTracker {
  private static final Logger LOG = LoggerFactory.getLogger(HealthTracker.class);

  private final ExclusionSettings settings;
  private final Clock clock;
  /** executor -> the times its counted failures expire (one per failed task of a successful set). */
  private final Map<String, List<Long>> failureExpiries = new HashMap<>();
  private final Map<String, String> hostOfExecutor = new HashMap<>();
  /** executor -> when its exclusion ends (clock millis). */
  private final Map<String, Long> excludedExecutors = new HashMap<>();
  private final Map<String, Long> excludedHosts = new HashMap<>();

  HealthTracker(ExclusionSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  ExclusionSettings settings() {
    return settings;
  }

  private long nowMillis() {
    return clock.nanoTime() / 1_000_000;
  }

  /**
   * A task set succeeded: its executors' failures count for the application now.
   *
   * @return the executors excluded by this call (to be stopped if killExcludedExecutors)
   */
  List<String> taskSetSucceeded(String stageName, Map<String, TaskSetExcludelist.ExecutorFailures> failures) {
    long now = nowMillis();
    expire(now);
    List<String> newlyExcluded = new ArrayList<>();
    for (Map.Entry<String, TaskSetExcludelist.ExecutorFailures> e : failures.entrySet()) {
      String executor = e.getKey();
      String host = e.getValue().host;
      hostOfExecutor.put(executor, host);
      List<Long> expiries = failureExpiries.computeIfAbsent(executor, x -> new ArrayList<>());
      for (long failedAt : e.getValue().lastFailureMillis.values()) {
        expiries.add(failedAt + settings.timeoutMillis());
      }
      expiries.removeIf(t -> t <= now);
      if (expiries.size() >= settings.maxFailedTasksPerExecutorApp() && !excludedExecutors.containsKey(executor)) {
        excludedExecutors.put(executor, now + settings.timeoutMillis());
        failureExpiries.remove(executor);
        newlyExcluded.add(executor);
        LOG.warn("Executor {} on {} is excluded for the application for {} ms: {} tasks failed on it in "
            + "successful stages (last: {}; spindle.excludeOnFailure.application.maxFailedTasksPerExecutor = {})",
            executor, host, settings.timeoutMillis(), expiries.size(), stageName,
            settings.maxFailedTasksPerExecutorApp());
        long onHost = excludedExecutors.keySet().stream().filter(x -> host.equals(hostOfExecutor.get(x))).count();
        if (onHost >= settings.maxFailedExecutorsPerNodeApp() && !excludedHosts.containsKey(host)) {
          excludedHosts.put(host, now + settings.timeoutMillis());
          LOG.warn("Host {} is excluded for the application for {} ms: {} of its executors are "
              + "(spindle.excludeOnFailure.application.maxFailedExecutorsPerNode = {})", host,
              settings.timeoutMillis(), onHost, settings.maxFailedExecutorsPerNodeApp());
        }
      }
    }
    return newlyExcluded;
  }

  boolean isExecutorExcluded(String executorId) {
    expire(nowMillis());
    return excludedExecutors.containsKey(executorId);
  }

  boolean isHostExcluded(String host) {
    expire(nowMillis());
    return excludedHosts.containsKey(host);
  }

  /** Whether an offer from this executor must not be used at all. */
  boolean isExcluded(String executorId, String host) {
    expire(nowMillis());
    return excludedExecutors.containsKey(executorId) || excludedHosts.containsKey(host);
  }

  Set<String> excludedExecutors() {
    expire(nowMillis());
    return new TreeSet<>(excludedExecutors.keySet());
  }

  Set<String> excludedHosts() {
    expire(nowMillis());
    return new TreeSet<>(excludedHosts.keySet());
  }

  private void expire(long now) {
    for (Iterator<Map.Entry<String, Long>> it = excludedExecutors.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Long> e = it.next();
      if (e.getValue() <= now) {
        it.remove();
        LOG.info("Executor {} is no longer excluded (spindle.excludeOnFailure.timeout passed)", e.getKey());
      }
    }
    for (Iterator<Map.Entry<String, Long>> it = excludedHosts.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Long> e = it.next();
      if (e.getValue() <= now) {
        it.remove();
        LOG.info("Host {} is no longer excluded (spindle.excludeOnFailure.timeout passed)", e.getKey());
      }
    }
  }
}
