package io.spindle.shuffle;

/** Tells a reducer where the map outputs of a shuffle are (the driver's tracker, or a client of it). */
public interface MapOutputLocator {
  /**
   * Statuses of all map outputs of the shuffle, indexed by map id.
   *
   * @throws MissingMapOutputException if some map output is not (or no longer) available
   */
  MapStatus[] statuses(int shuffleId);
}
