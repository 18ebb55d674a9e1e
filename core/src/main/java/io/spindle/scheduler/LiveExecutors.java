package io.spindle.scheduler;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The executors the task scheduler has heard of, by host and rack. A locality level only counts
 * for a task set when an executor could serve it (Spark's rule): tasks that prefer hosts without
 * executors do not wait for them. Hosts are normalised. Guarded by the task scheduler's lock.
 */
final class LiveExecutors {
  private final Map<String, String> hostOfExecutor = new HashMap<>();
  private final Map<String, Set<String>> executorsOnHost = new HashMap<>();
  private final Map<String, Set<String>> hostsOnRack = new HashMap<>();
  private RackResolver racks = RackResolver.NONE;

  void setRackResolver(RackResolver racks) {
    this.racks = racks;
  }

  String rackOf(String host) {
    return racks.rackOf(host);
  }

  /** Records an executor; true if it is new. */
  boolean add(String executorId, String host) {
    String old = hostOfExecutor.put(executorId, host);
    if (host.equals(old)) {
      return false;
    }
    if (old != null) {
      removeFromHost(executorId, old);
    }
    executorsOnHost.computeIfAbsent(host, h -> new HashSet<>()).add(executorId);
    String rack = racks.rackOf(host);
    if (rack != null) {
      hostsOnRack.computeIfAbsent(rack, r -> new HashSet<>()).add(host);
    }
    return true;
  }

  /** Forgets an executor; true if it was known. */
  boolean remove(String executorId) {
    String host = hostOfExecutor.remove(executorId);
    if (host == null) {
      return false;
    }
    removeFromHost(executorId, host);
    return true;
  }

  private void removeFromHost(String executorId, String host) {
    Set<String> executors = executorsOnHost.get(host);
    executors.remove(executorId);
    if (executors.isEmpty()) {
      executorsOnHost.remove(host);
      String rack = racks.rackOf(host);
      Set<String> hosts = rack == null ? null : hostsOnRack.get(rack);
      if (hosts != null) {
        hosts.remove(host);
        if (hosts.isEmpty()) {
          hostsOnRack.remove(rack);
        }
      }
    }
  }

  boolean executorAlive(String executorId) {
    return hostOfExecutor.containsKey(executorId);
  }

  boolean hostAlive(String host) {
    return executorsOnHost.containsKey(host);
  }

  int executorCount() {
    return hostOfExecutor.size();
  }

  int hostCount() {
    return executorsOnHost.size();
  }

  /** Every live executor and its host (a copy). */
  Map<String, String> executorsWithHosts() {
    return new HashMap<>(hostOfExecutor);
  }

  boolean rackAlive(String rack) {
    return hostsOnRack.containsKey(rack);
  }
}
