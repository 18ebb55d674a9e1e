package io.spindle.am;

import io.spindle.scheduler.ExecutorDemand;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Which executor container requests the AM should have outstanding, given the pending tasks'
 * preferred hosts: a small version of Spark's LocalityPreferredContainerPlacementStrategy. Pure
 * (no YARN calls); {@link ExecutorContainerRequests} applies the answer to the RM client.
 *
 * <p>Each host's share of all executors (running + missing) follows its share of the pending
 * tasks' preferences, at most as many executors as its tasks can keep busy
 * ({@code ceil(tasks / cores)}); the executors already on the host count against it. Each
 * missing container is then asked for on the host that still wants most (one host per request,
 * with its rack when known; YARN relaxes to the rack and then anywhere when the host is full).
 * Requests beyond what the hosts want carry no preference.
 */
final class ContainerPlacement {
  /** One container request's locality: preferred nodes and racks; both empty: anywhere. */
  record Ask(List<String> nodes, List<String> racks) {
    static final Ask ANYWHERE = new Ask(List.of(), List.of());

    Ask {
      nodes = List.copyOf(nodes);
      racks = List.copyOf(racks);
    }

    @Override
    public String toString() {
      return nodes.isEmpty() ? "anywhere" : String.join(",", nodes) + (racks.isEmpty() ? "" : " " + racks);
    }
  }

  private ContainerPlacement() {}

  /**
   * The asks for {@code missing} more containers, best placed first.
   *
   * @param allocatedByHost executor containers this application holds now, by host
   * @param rackOf a host's rack, or null when unknown
   */
  static List<Ask> plan(int missing, int coresPerExecutor, ExecutorDemand demand,
      Map<String, Integer> allocatedByHost, Function<String, String> rackOf) {
    List<Ask> asks = new ArrayList<>(Math.max(missing, 0));
    if (missing <= 0) {
      return asks;
    }
    Map<String, Integer> hostTasks = demand.hostToPendingTasks();
    long weight = 0;
    for (int tasks : hostTasks.values()) {
      weight += tasks;
    }
    int allocated = 0;
    for (int n : allocatedByHost.values()) {
      allocated += n;
    }
    long executors = (long) allocated + missing;
    Map<String, Integer> wants = new HashMap<>();
    for (Map.Entry<String, Integer> e : hostTasks.entrySet()) {
      int tasks = e.getValue();
      long share = ceilDiv(tasks * executors, weight);
      long useful = ceilDiv(tasks, Math.max(coresPerExecutor, 1));
      long want = Math.min(share, useful) - allocatedByHost.getOrDefault(e.getKey(), 0);
      if (want > 0) {
        wants.put(e.getKey(), (int) want);
      }
    }
    // Most wanted first; then the host more tasks prefer; then by name, so plans are stable.
    Comparator<String> order = Comparator.<String>comparingInt(h -> -wants.get(h))
        .thenComparingInt(h -> -hostTasks.get(h)).thenComparing(Comparator.naturalOrder());
    for (int i = 0; i < missing; i++) {
      String best = null;
      for (String h : wants.keySet()) {
        if (wants.get(h) > 0 && (best == null || order.compare(h, best) < 0)) {
          best = h;
        }
      }
      if (best == null) {
        asks.add(Ask.ANYWHERE);
      } else {
        wants.merge(best, -1, Integer::sum);
        String rack = rackOf.apply(best);
        asks.add(new Ask(List.of(best), rack == null ? List.of() : List.of(rack)));
      }
    }
    return asks;
  }

  private static long ceilDiv(long a, long b) {
    return b == 0 ? 0 : (a + b - 1) / b;
  }
}
