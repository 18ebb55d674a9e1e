package io.spindle.scheduler;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the pending tasks ask of a cluster manager, for an executor launcher that requests
 * executors where the work is (Spark's numLocalityAwareTasks / hostToLocalTaskCount that the
 * YarnAllocator gets): how many tasks wait for a slot, and for each (normalised) host how many of
 * them prefer it. A task preferring two hosts counts once for each. Pending = not running, not
 * done, in a task set that is still active.
 */
public record ExecutorDemand(int pendingTasks, Map<String, Integer> hostToPendingTasks) {
  /** No task is waiting. */
  public static final ExecutorDemand NONE = new ExecutorDemand(0, Map.of());

  public ExecutorDemand {
    hostToPendingTasks = Map.copyOf(hostToPendingTasks);
  }

  public boolean isEmpty() {
    return pendingTasks == 0;
  }

  /** Accumulates pending tasks; used under the task scheduler's lock. */
  static final class Builder {
    private final Map<String, Integer> hosts = new HashMap<>();
    private final Set<String> seen = new HashSet<>();
    private int pending;

    /** One pending task with its preferred locations (empty: no preference). */
    void addTask(List<TaskLocation> preferred) {
      pending++;
      seen.clear();
      for (TaskLocation loc : preferred) {
        if (seen.add(loc.host())) { // a host named twice (two replicas, or executor + host) counts once
          hosts.merge(loc.host(), 1, Integer::sum);
        }
      }
    }

    ExecutorDemand build() {
      return pending == 0 ? NONE : new ExecutorDemand(pending, hosts);
    }
  }
}
