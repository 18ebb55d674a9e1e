package io.spindle.scheduler;

import io.spindle.shuffle.MapStatus;
import java.util.HashMap;
import java.util.Map;

/**
 * Map-output epochs on the driver (Spark's epoch / failedEpoch): the epoch goes up each time a
 * fetch failure declares a whole shuffle service lost, and each task remembers the epoch it
 * started in. A map task that started before its shuffle service was declared lost and finishes
 * after reports an output that lives on the lost service (or in files written before it went):
 * {@link #isStale} says so, and the DAG scheduler does not register it, so the partition is
 * recomputed once instead of failing its reducers once more. Event thread only.
 *
 * <p>Executors need no epoch of their own: they cache map output locations per (shuffle, reading
 * stage, stage attempt), and every attempt after a fetch failure asks the driver again.
 */
final class MapOutputEpochs {
  private long epoch;
  private final Map<String, Long> serviceLostAt = new HashMap<>();
  private final Map<Long, Long> taskStartedAt = new HashMap<>();

  long current() {
    return epoch;
  }

  void taskStarted(long taskId) {
    taskStartedAt.put(taskId, epoch);
  }

  /** A fetch failure declared every output served at {@code host:port} lost. */
  void serviceLost(String host, int port) {
    epoch++;
    serviceLostAt.put(host + ":" + port, epoch);
  }

  /**
   * Whether the output of the map task {@code taskId} (which just ended; forgotten here) was
   * written to a shuffle service declared lost after the task started.
   */
  boolean isStale(long taskId, MapStatus status) {
    Long started = taskStartedAt.remove(taskId);
    if (started == null || status == null || status.host() == null) {
      return false;
    }
    Long lost = serviceLostAt.get(status.host() + ":" + status.port());
    return lost != null && lost > started;
  }

  /** A task ended without an output to check. */
  void taskEnded(long taskId) {
    taskStartedAt.remove(taskId);
  }
}
