package io.spindle.cluster;

import io.spindle.util.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Finds executors that stopped sending heartbeats (Spark's {@code HeartbeatReceiver}): remembers
 * when each registered executor was last heard of and, on every {@link #check()}, reports those
 * silent for longer than the timeout as lost. Time comes from a {@link Clock}, so tests advance it
 * by hand. Thread-safe: heartbeats arrive on RPC threads, checks run on the backend's timer.
 */
final class HeartbeatWatchdog {
  private final Clock clock;
  private final long timeoutNanos;
  private final BiConsumer<String, String> onSilent;
  private final Map<String, Long> lastHeardNanos = new ConcurrentHashMap<>();

  /**
   * @param timeoutNanos silence longer than this loses the executor ({@code spindle.network.timeoutMs})
   * @param onSilent called with the executor id and why, once per check while it stays registered here
   */
  HeartbeatWatchdog(Clock clock, long timeoutNanos, BiConsumer<String, String> onSilent) {
    this.clock = clock;
    this.timeoutNanos = timeoutNanos;
    this.onSilent = onSilent;
  }

  /** An executor registered: its registration counts as the first heartbeat. */
  void executorAdded(String executorId) {
    lastHeardNanos.put(executorId, clock.nanoTime());
  }

  /** The executor is gone (lost or stopped): no longer watched. */
  void executorRemoved(String executorId) {
    lastHeardNanos.remove(executorId);
  }

  /** A heartbeat arrived; ignored for an executor that is not (or no longer) registered. */
  void heartbeat(String executorId) {
    lastHeardNanos.computeIfPresent(executorId, (id, last) -> clock.nanoTime());
  }

  /** Reports every executor silent for longer than the timeout (the backend calls this once a second). */
  void check() {
    long now = clock.nanoTime();
    for (Map.Entry<String, Long> e : Map.copyOf(lastHeardNanos).entrySet()) {
      long silentNanos = now - e.getValue();
      if (silentNanos > timeoutNanos) {
        onSilent.accept(e.getKey(), "no heartbeat for " + TimeUnit.NANOSECONDS.toMillis(silentNanos)
            + " ms (spindle.network.timeoutMs)");
      }
    }
  }
}
