package io.spindle.scheduler;

import io.spindle.function.TaskLocality;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import java.util.function.Predicate;

/**
 * The pending tasks of one task set, indexed by where they would like to run (Spark's
 * PendingTasksByLocality): by executor, host and rack of their preferred locations, the ones
 * without preference, and all of them. A task sits in several lists; entries are removed lazily
 * when a list is read, and only entries whose task is still pending (per {@code stillPending})
 * count. Lists are stacks: tasks are added in reverse index order so they launch in index order,
 * and a re-added (retried) task launches before the others. Guarded by the task scheduler's lock.
 */
final class PendingTasks {
  /** A task taken from the index and the level it is launched at. */
  record Dequeued(int index, TaskLocality locality) {}

  private final IntPredicate stillPending;
  private final Map<String, List<Integer>> forExecutor = new HashMap<>();
  private final Map<String, List<Integer>> forHost = new HashMap<>();
  private final Map<String, List<Integer>> forRack = new HashMap<>();
  private final List<Integer> noPrefs = new ArrayList<>();
  private final List<Integer> all = new ArrayList<>();

  PendingTasks(IntPredicate stillPending) {
    this.stillPending = stillPending;
  }

  /** Adds task {@code index} under each of its preferred locations (none: no preference). */
  void add(int index, List<TaskLocation> preferred, LiveExecutors cluster) {
    for (TaskLocation loc : preferred) {
      if (loc.executorId() != null) {
        forExecutor.computeIfAbsent(loc.executorId(), e -> new ArrayList<>()).add(index);
      }
      forHost.computeIfAbsent(loc.host(), h -> new ArrayList<>()).add(index);
      String rack = cluster.rackOf(loc.host());
      if (rack != null) {
        forRack.computeIfAbsent(rack, r -> new ArrayList<>()).add(index);
      }
    }
    if (preferred.isEmpty()) {
      noPrefs.add(index);
    }
    all.add(index);
  }

  /**
   * Takes the best task for an executor on {@code host}, trying levels from PROCESS_LOCAL up to
   * {@code maxLocality}; tasks without preference are taken when {@code noPrefAllowed}, whatever
   * {@code maxLocality} says, so they never wait for locality. Null when nothing fits.
   */
  Dequeued dequeue(String executorId, String host, String rack, TaskLocality maxLocality, boolean noPrefAllowed) {
    return dequeue(executorId, host, rack, maxLocality, noPrefAllowed, i -> true);
  }

  /**
   * As above, taking only tasks {@code allowed} here (exclusion after failures); a pending task not
   * allowed stays in its lists for other executors.
   */
  Dequeued dequeue(String executorId, String host, String rack, TaskLocality maxLocality, boolean noPrefAllowed,
      IntPredicate allowed) {
    this.allowedNow = allowed;
    try {
      return dequeueAllowed(executorId, host, rack, maxLocality, noPrefAllowed);
    } finally {
      this.allowedNow = null;
    }
  }

  private IntPredicate allowedNow; // during dequeue only

  private Dequeued dequeueAllowed(String executorId, String host, String rack, TaskLocality maxLocality,
      boolean noPrefAllowed) {
    int index = pop(forExecutor.get(executorId));
    if (index >= 0) {
      return new Dequeued(index, TaskLocality.PROCESS_LOCAL);
    }
    if (TaskLocality.isAllowed(maxLocality, TaskLocality.NODE_LOCAL)) {
      index = pop(forHost.get(host));
      if (index >= 0) {
        return new Dequeued(index, TaskLocality.NODE_LOCAL);
      }
    }
    if (noPrefAllowed) {
      index = pop(noPrefs);
      if (index >= 0) {
        return new Dequeued(index, TaskLocality.NO_PREF);
      }
    }
    if (rack != null && TaskLocality.isAllowed(maxLocality, TaskLocality.RACK_LOCAL)) {
      index = pop(forRack.get(rack));
      if (index >= 0) {
        return new Dequeued(index, TaskLocality.RACK_LOCAL);
      }
    }
    if (maxLocality == TaskLocality.ANY) {
      index = pop(all);
      if (index >= 0) {
        return new Dequeued(index, TaskLocality.ANY);
      }
    }
    return null;
  }

  /** Whether some pending task could run at {@code level} on a live executor. */
  boolean hasPendingAt(TaskLocality level, LiveExecutors cluster) {
    return switch (level) {
      case PROCESS_LOCAL -> anyPending(forExecutor, cluster::executorAlive);
      case NODE_LOCAL -> anyPending(forHost, cluster::hostAlive);
      case NO_PREF -> hasPending(noPrefs);
      case RACK_LOCAL -> anyPending(forRack, cluster::rackAlive);
      case ANY -> hasPending(all);
    };
  }

  /** The levels this set can use with the executors alive now, best first; always ends with ANY. */
  TaskLocality[] validLevels(LiveExecutors cluster) {
    EnumSet<TaskLocality> levels = EnumSet.of(TaskLocality.ANY);
    for (TaskLocality level : TaskLocality.values()) {
      if (hasPendingAt(level, cluster)) {
        levels.add(level);
      }
    }
    return levels.toArray(new TaskLocality[0]);
  }

  private boolean anyPending(Map<String, List<Integer>> lists, Predicate<String> alive) {
    var it = lists.entrySet().iterator();
    boolean found = false;
    while (it.hasNext()) {
      var e = it.next();
      if (!hasPending(e.getValue())) {
        it.remove(); // every task in it launched or finished
      } else if (!found && alive.test(e.getKey())) {
        found = true;
      }
    }
    return found;
  }

  /** Drops finished or running tasks from the top of the stack; true if a pending one is left. */
  private boolean hasPending(List<Integer> list) {
    while (!list.isEmpty()) {
      if (stillPending.test(list.get(list.size() - 1))) {
        return true;
      }
      list.remove(list.size() - 1);
    }
    return false;
  }

  /** The topmost pending task of the stack, removed, or -1. */
  private int pop(List<Integer> list) {
    if (list == null) {
      return -1;
    }
    if (allowedNow == null) {
      while (!list.isEmpty()) {
        int index = list.remove(list.size() - 1);
        if (stillPending.test(index)) {
          return index;
        }
      }
      return -1;
    }
    for (int i = list.size() - 1; i >= 0; i--) { // Spark's dequeueTaskFromList: skip excluded, drop finished
      int index = list.get(i);
      if (!stillPending.test(index)) {
        list.remove(i);
      } else if (allowedNow.test(index)) {
        list.remove(i);
        return index;
      }
    }
    return -1;
  }

  /** The pending tasks (neither running nor done), in no particular order. */
  java.util.Set<Integer> allPending() {
    java.util.Set<Integer> out = new java.util.TreeSet<>();
    for (int index : all) {
      if (stillPending.test(index)) {
        out.add(index);
      }
    }
    return out;
  }
}
