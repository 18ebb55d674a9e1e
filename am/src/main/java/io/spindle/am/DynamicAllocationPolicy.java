package io.spindle.am;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Dynamic allocation's decisions, Spark's {@code ExecutorAllocationManager} idea without its
 * plumbing: given, at each tick, the tasks waiting and running and what each executor is doing, it
 * says how many executors the application should have (the target) and which idle executors to
 * release. It owns no thread and calls nothing; the launcher ticks it and applies the decision.
 *
 * <ul>
 *   <li><b>Grow</b>: once tasks have been waiting for {@code schedulerBacklogTimeout}, the target
 *       grows by 1; while they keep waiting, every {@code sustainedSchedulerBacklogTimeout} by 2,
 *       4, 8… (exponential, as Spark), never above {@code maxExecutors} nor above what the tasks
 *       waiting and running could use ({@code ceil(tasks / cores per executor)}). When nothing
 *       waits the increment resets to 1.</li>
 *   <li><b>Shrink the target</b>: when the tasks could use fewer executors than the target, the
 *       target drops to that (not below {@code minExecutors}), so outstanding requests are cut.</li>
 *   <li><b>Release</b>: an executor with no running task for {@code executorIdleTimeout} (for one
 *       holding cached blocks, {@code cachedExecutorIdleTimeout}, default never) is released,
 *       keeping at least {@code minExecutors} and at least the target. Its map outputs stay
 *       served by its NodeManager's shuffle service, which is what makes the release safe.</li>
 * </ul>
 *
 * Not thread-safe: the caller ticks it from one thread (or under its lock).
 */
final class DynamicAllocationPolicy {
  /** What one executor is doing now. */
  record ExecutorActivity(int runningTasks, boolean holdsCachedBlocks) {}

  /** What to do now: the executor count to aim for, and the executors to release. */
  record Decision(int target, List<String> release) {}

  private final ElasticConfigs.DynamicAllocationSettings settings;
  private final int coresPerExecutor;
  private final LongSupplier nowMs;
  private final Map<String, Long> idleSince = new HashMap<>();
  private int target;
  private int toAdd = 1;
  private long addAt = -1; // when the next increase is due; -1: no backlog

  DynamicAllocationPolicy(ElasticConfigs.DynamicAllocationSettings settings, int coresPerExecutor,
      LongSupplier nowMs) {
    this.settings = settings;
    this.coresPerExecutor = Math.max(1, coresPerExecutor);
    this.nowMs = nowMs;
    this.target = settings.initialExecutors();
  }

  int target() {
    return target;
  }

  /**
   * One tick: {@code pendingTasks} waiting for a slot, {@code runningTasks} running, and every
   * registered executor's activity (executors being released must not be in it).
   */
  Decision tick(int pendingTasks, int runningTasks, Map<String, ExecutorActivity> executors) {
    long now = nowMs.getAsLong();
    int maxNeeded = (int) Math.min(Integer.MAX_VALUE,
        ((long) pendingTasks + runningTasks + coresPerExecutor - 1) / coresPerExecutor);
    if (maxNeeded < target) {
      target = Math.max(maxNeeded, settings.minExecutors());
    }
    if (pendingTasks > 0) {
      if (addAt < 0) {
        addAt = now + settings.backlogTimeoutMs();
      } else if (now >= addAt) {
        int before = target;
        target = (int) Math.min(Math.min((long) target + toAdd, settings.maxExecutors()),
            Math.max(maxNeeded, settings.minExecutors()));
        // Doubles only when the whole increment was granted (Spark's rule); a capped step starts over.
        toAdd = target - before == toAdd ? toAdd * 2 : 1;
        addAt = now + settings.sustainedBacklogTimeoutMs();
      }
    } else {
      addAt = -1;
      toAdd = 1;
    }

    idleSince.keySet().retainAll(executors.keySet());
    List<String> idleExpired = new ArrayList<>();
    for (Map.Entry<String, ExecutorActivity> e : executors.entrySet()) {
      if (e.getValue().runningTasks() > 0) {
        idleSince.remove(e.getKey());
        continue;
      }
      long since = idleSince.computeIfAbsent(e.getKey(), k -> now);
      long timeout = e.getValue().holdsCachedBlocks() ? settings.cachedIdleTimeoutMs() : settings.idleTimeoutMs();
      if (timeout != Long.MAX_VALUE && now - since >= timeout) {
        idleExpired.add(e.getKey());
      }
    }
    idleExpired.sort(java.util.Comparator.comparingLong((String id) -> idleSince.get(id)).thenComparing(id -> id));
    int keep = Math.max(settings.minExecutors(), target);
    int removable = Math.max(0, executors.size() - keep);
    List<String> release = List.copyOf(idleExpired.subList(0, Math.min(removable, idleExpired.size())));
    release.forEach(idleSince::remove);
    return new Decision(target, release);
  }
}
