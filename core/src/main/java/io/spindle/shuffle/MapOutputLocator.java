package io.spindle.shuffle;

import io.spindle.task.EngineTaskContext;

/** Tells a reducer where the map outputs of a shuffle are (the driver's tracker, or a client of it). */
public interface MapOutputLocator {
  /**
   * Statuses of all map outputs of the shuffle, indexed by map partition.
   *
   * @throws MissingMapOutputException if some map output is not (or no longer) available
   */
  MapStatus[] statuses(int shuffleId);

  /**
   * The statuses as the task {@code reader} should see them. A locator that caches answers (an
   * executor asking the driver) must not serve one stage attempt what it fetched for another:
   * outputs move when a stage is resubmitted after a fetch failure.
   */
  default MapStatus[] statuses(int shuffleId, EngineTaskContext reader) {
    return statuses(shuffleId);
  }
}
