package io.spindle.scheduler;

import io.spindle.function.StorageLevel;
import io.spindle.rdd.Dependency;
import io.spindle.rdd.NarrowDependency;
import io.spindle.rdd.Partition;
import io.spindle.rdd.RddNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which executors hold which cached RDD partitions, as their {@code BLOCK_UPDATE}s report it, and the
 * preferred locations of a task that follow from it (Spark's {@code DAGScheduler.getCacheLocs} and
 * {@code getPreferredLocsInternal}): a partition cached on an executor, or the first one found through
 * narrow dependencies, is preferred there ({@code executor_<host>_<id>}, PROCESS_LOCAL), so a later
 * action reads the cache instead of recomputing it on another executor. Without a cached ancestor, the
 * RDD's own preference (input splits' hosts) applies, as before.
 *
 * <p>Only the DAG scheduler's event thread uses it.
 */
final class CacheLocations {
  /** rdd id → partition → executor id (ordered, so the preference is stable). */
  private final Map<Integer, Map<Integer, Set<String>>> cached = new HashMap<>();
  private final Map<String, String> hostOfExecutor = new HashMap<>();

  void executorAdded(String executorId, String host) {
    hostOfExecutor.put(executorId, host);
  }

  /** A lost executor's blocks are gone with it. */
  void executorRemoved(String executorId) {
    hostOfExecutor.remove(executorId);
    cached.values().forEach(partitions -> partitions.values().forEach(holders -> holders.remove(executorId)));
  }

  void blockUpdated(BlockUpdateInfo update) {
    int rdd = update.rddId();
    int partition = update.partition();
    if (rdd < 0 || partition < 0) {
      return;
    }
    if (update.isCached()) {
      cached.computeIfAbsent(rdd, r -> new TreeMap<>()).computeIfAbsent(partition, p -> new java.util.TreeSet<>())
          .add(update.executorId());
    } else {
      Map<Integer, Set<String>> partitions = cached.get(rdd);
      if (partitions != null && partitions.containsKey(partition)) {
        partitions.get(partition).remove(update.executorId());
      }
    }
  }

  /** The executors holding partition {@code partition} of RDD {@code rddId}, in the executor form. */
  List<String> of(int rddId, int partition) {
    Map<Integer, Set<String>> partitions = cached.get(rddId);
    Set<String> holders = partitions == null ? null : partitions.get(partition);
    List<String> out = new ArrayList<>();
    if (holders != null) {
      for (String executor : holders) {
        String host = hostOfExecutor.get(executor);
        if (host != null) {
          out.add(TaskLocation.executorString(host, executor));
        }
      }
    }
    return out;
  }

  /** Where a task computing {@code partition} of {@code rdd} should run, best first. */
  List<String> preferredLocations(RddNode<?> rdd, Partition partition) {
    if (!cached.isEmpty()) {
      List<String> fromCache = cachedAncestor(rdd, partition.index(), new HashSet<>());
      if (!fromCache.isEmpty()) {
        return fromCache;
      }
    }
    return rdd.preferredLocations(partition);
  }

  private List<String> cachedAncestor(RddNode<?> rdd, int partition, Set<Long> visited) {
    if (!visited.add(((long) rdd.id() << 32) | partition)) {
      return List.of();
    }
    if (rdd.getStorageLevel() != StorageLevel.NONE) {
      List<String> here = of(rdd.id(), partition);
      if (!here.isEmpty()) {
        return here;
      }
    }
    for (Dependency<?> dependency : rdd.dependencies()) {
      if (dependency instanceof NarrowDependency<?> narrow) {
        for (int parent : narrow.parents(partition)) {
          List<String> found = cachedAncestor(narrow.rdd(), parent, visited);
          if (!found.isEmpty()) {
            return found;
          }
        }
      }
    }
    return List.of();
  }
}
