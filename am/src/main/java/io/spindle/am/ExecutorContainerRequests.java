package io.spindle.am;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.yarn.api.records.Priority;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.client.api.AMRMClient.ContainerRequest;

/**
 * The executor container requests outstanding at the ResourceManager, kept equal to what
 * {@link ContainerPlacement} says they should be: {@link #sync} removes the stale ones
 * ({@code AMRMClient.removeContainerRequest}) and adds the missing ones; {@link #allocated}
 * forgets the request a new container most likely satisfied (else the client would ask for it
 * again at every heartbeat). Every request relaxes locality (the same for all requests of one
 * priority, as the AMRMClient requires). Guarded by the launcher's lock.
 */
final class ExecutorContainerRequests {
  /** Where requests go: the AM's RM client (its addContainerRequest / removeContainerRequest). */
  interface Sink {
    void add(ContainerRequest request);

    void remove(ContainerRequest request);
  }

  /** What one {@link #sync} did. */
  record Change(List<ContainerPlacement.Ask> added, int removed) {}

  private record Outstanding(ContainerPlacement.Ask ask, ContainerRequest request) {}

  private final Sink sink;
  private final Resource resource;
  private final Priority priority;
  private final List<Outstanding> outstanding = new ArrayList<>();
  /** spindle.yarn.executor.nodeLabelExpression, or null: the queue's default label. */
  private String nodeLabelExpression;

  ExecutorContainerRequests(Sink sink, Resource resource, Priority priority) {
    this.sink = sink;
    this.resource = resource;
    this.priority = priority;
  }

  /**
   * Requests made from now on ask for nodes with this label (YARN applies a label to a request's
   * any-node part; node and rack preferences are still made, and honoured among the label's nodes).
   */
  void nodeLabelExpression(String expression) {
    this.nodeLabelExpression = expression;
  }

  /** Makes the outstanding requests those of {@code wanted} (as a multiset). */
  Change sync(List<ContainerPlacement.Ask> wanted) {
    List<ContainerPlacement.Ask> toAdd = new ArrayList<>(wanted);
    List<Outstanding> stale = new ArrayList<>();
    for (Outstanding o : outstanding) {
      if (!toAdd.remove(o.ask)) {
        stale.add(o);
      }
    }
    for (Outstanding o : stale) {
      outstanding.remove(o);
      sink.remove(o.request);
    }
    for (ContainerPlacement.Ask ask : toAdd) {
      ContainerRequest request = new ContainerRequest(resource, ask.nodes().isEmpty() ? null
          : ask.nodes().toArray(new String[0]), ask.racks().isEmpty() ? null : ask.racks().toArray(new String[0]),
          priority, true, nodeLabelExpression);
      outstanding.add(new Outstanding(ask, request));
      sink.add(request);
    }
    return new Change(toAdd, stale.size());
  }

  /**
   * A container was allocated on {@code host} (rack {@code rack}, may be null): removes the
   * request it satisfied, preferring one for that host, then that rack, then one without
   * preference, then any (YARN relaxed its locality). False when none was outstanding.
   */
  boolean allocated(String host, String rack) {
    Outstanding match = find(o -> o.ask.nodes().contains(host));
    if (match == null && rack != null) {
      match = find(o -> o.ask.racks().contains(rack));
    }
    if (match == null) {
      match = find(o -> o.ask.nodes().isEmpty());
    }
    if (match == null && !outstanding.isEmpty()) {
      match = outstanding.get(0);
    }
    if (match == null) {
      return false;
    }
    outstanding.remove(match);
    sink.remove(match.request);
    return true;
  }

  /** Forgets every request (the AM stops asking). */
  void clear() {
    sync(List.of());
  }

  int size() {
    return outstanding.size();
  }

  List<ContainerPlacement.Ask> asks() {
    List<ContainerPlacement.Ask> asks = new ArrayList<>();
    outstanding.forEach(o -> asks.add(o.ask));
    return asks;
  }

  private Outstanding find(java.util.function.Predicate<Outstanding> p) {
    for (Iterator<Outstanding> it = outstanding.iterator(); it.hasNext(); ) {
      Outstanding o = it.next();
      if (p.test(o)) {
        return o;
      }
    }
    return null;
  }
}
