package io.spindle.am;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * NodeManagers where executor containers keep failing, kept out of this application's
 * allocations through YARN's own exclusion list ({@code AMRMClient.updateBlacklist}), as Spark's
 * YarnAllocatorNodeHealthTracker does: a node where
 * {@code spindle.excludeOnFailure.application.maxFailedExecutorsPerNode} containers failed to start
 * or exited with a failure that counts ({@link ContainerExit}) is excluded for
 * {@code spindle.excludeOnFailure.timeout}.
 *
 * <p>The cap (Tez's idea; Tez uses 33%): at most {@code spindle.yarn.excludeOnFailure.maxNodeFraction}
 * of the cluster's nodes (rounded down) are on the list at once, so a job whose containers fail
 * everywhere (a bad jar, a wrong Java home) cannot exclude the whole cluster and wait forever; it
 * runs out of {@code spindle.executor.maxFailures} instead. When more nodes qualify than the cap
 * allows (or the cluster shrinks), the most recently excluded ones stay on the list and the older
 * ones are removed from it. Thread-safe.
 */
final class YarnNodeExclusion {
  private static final Logger LOG = LoggerFactory.getLogger(YarnNodeExclusion.class);

  /** YARN's side: the exclusion list calls and the cluster's size (the AM's RM client). */
  interface YarnList {
    void update(List<String> additions, List<String> removals);

    int clusterNodes();
  }

  private final int failuresPerNode;
  private final double maxNodeFraction;
  private final long timeoutMillis;
  private final LongSupplier nowMillis;
  private final YarnList yarn;
  private final Map<String, Integer> failures = new HashMap<>();
  /** Nodes that qualify for exclusion, by when they did (insertion order = age). */
  private final LinkedHashMap<String, Long> excludedSince = new LinkedHashMap<>();
  /** What YARN's list holds now (what this class sent). */
  private final Set<String> sent = new HashSet<>();

  YarnNodeExclusion(int failuresPerNode, double maxNodeFraction, long timeoutMillis, LongSupplier nowMillis,
      YarnList yarn) {
    this.failuresPerNode = failuresPerNode;
    this.maxNodeFraction = maxNodeFraction;
    this.timeoutMillis = timeoutMillis;
    this.nowMillis = nowMillis;
    this.yarn = yarn;
  }

  /** An executor container on {@code host} failed (to start, or with an exit that counts). */
  synchronized void containerFailed(String host) {
    int n = failures.merge(host, 1, Integer::sum);
    if (n >= failuresPerNode && !excludedSince.containsKey(host)) {
      excludedSince.put(host, nowMillis.getAsLong());
      LOG.warn("NodeManager {} is excluded for this application: {} executor containers failed there "
          + "(spindle.excludeOnFailure.application.maxFailedExecutorsPerNode = {})", host, n, failuresPerNode);
    }
    sync();
  }

  /** Applies timeouts and the cap (the cluster may have grown or shrunk); called on every allocation round. */
  synchronized void sync() {
    long now = nowMillis.getAsLong();
    excludedSince.entrySet().removeIf(e -> {
      if (now - e.getValue() >= timeoutMillis) {
        failures.remove(e.getKey());
        LOG.info("NodeManager {} is no longer excluded (spindle.excludeOnFailure.timeout passed)", e.getKey());
        return true;
      }
      return false;
    });
    int cap = (int) Math.floor(maxNodeFraction * Math.max(0, yarn.clusterNodes()));
    List<String> newestFirst = new ArrayList<>(excludedSince.keySet());
    java.util.Collections.reverse(newestFirst);
    Set<String> wanted = new HashSet<>(newestFirst.subList(0, Math.min(cap, newestFirst.size())));
    List<String> additions = new ArrayList<>();
    List<String> removals = new ArrayList<>();
    for (String host : wanted) {
      if (!sent.contains(host)) {
        additions.add(host);
      }
    }
    for (String host : sent) {
      if (!wanted.contains(host)) {
        removals.add(host);
      }
    }
    if (additions.isEmpty() && removals.isEmpty()) {
      return;
    }
    additions.sort(null);
    removals.sort(null);
    yarn.update(additions, removals);
    sent.removeAll(removals);
    sent.addAll(additions);
    if (wanted.size() < excludedSince.size()) {
      LOG.warn("{} NodeManagers qualify for exclusion but at most {} of the cluster's {} may be excluded "
          + "(spindle.yarn.excludeOnFailure.maxNodeFraction = {}): excluded now {}", excludedSince.size(), cap,
          yarn.clusterNodes(), maxNodeFraction, new java.util.TreeSet<>(sent));
    } else {
      LOG.info("YARN exclusion list of this application: {} (added {}, removed {})",
          new java.util.TreeSet<>(sent), additions, removals);
    }
  }

  /** The nodes on YARN's list now. */
  synchronized Set<String> excluded() {
    return new java.util.TreeSet<>(sent);
  }
}
