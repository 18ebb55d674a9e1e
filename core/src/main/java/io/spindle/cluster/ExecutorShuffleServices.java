package io.spindle.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which shuffle service ({@code host:port}) each executor registers its map outputs at, and the
 * executors retired because that service was declared lost. An executor keeps the address it got
 * at registration for its whole life; when its NodeManager restarts and the service comes back on
 * another port (port 0 configurations), every map output the executor writes from then on would
 * be registered at a dead address, fail its reducers and be rerun on the same executor, forever
 * (23 map starts for 12 maps, then exit 6). So once a fetch failure declares a service lost, the
 * executors registered at it get no more tasks and are told to exit; a launcher that replaces lost
 * executors (YARN's) starts new containers, which learn the service's current port from their
 * NodeManager. Guarded by the {@link ClusterBackend}'s lock.
 */
final class ExecutorShuffleServices {
  private final Map<String, String> addressOf = new HashMap<>();
  private final Set<String> retiring = new HashSet<>();

  void registered(String executorId, String address) {
    if (address != null) {
      addressOf.put(executorId, address);
    }
  }

  void removed(String executorId) {
    addressOf.remove(executorId);
    retiring.remove(executorId);
  }

  /** Marks the executors registered at {@code host:port} as retiring; returns those newly marked. */
  List<String> retireServedBy(String host, int port) {
    String address = host + ":" + port;
    List<String> newly = new ArrayList<>();
    for (Map.Entry<String, String> e : addressOf.entrySet()) {
      if (e.getValue().equals(address) && retiring.add(e.getKey())) {
        newly.add(e.getKey());
      }
    }
    newly.sort(null);
    return newly;
  }

  /** Marks one executor as retiring (released by the launcher: an idle executor dynamic allocation gives back). */
  void retire(String executorId) {
    retiring.add(executorId);
  }

  /** True if the executor is to get no more tasks (its shuffle service is gone). */
  boolean isRetiring(String executorId) {
    return retiring.contains(executorId);
  }
}
