package io.spindle.scheduler;

import io.spindle.shuffle.MapOutputLocator;
import io.spindle.shuffle.MapStatus;
import io.spindle.shuffle.MissingMapOutputException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The driver's record of where every finished shuffle's map outputs are. Written by the DAG
 * scheduler (on its event thread) when a shuffle map stage completes and when a fetch failure
 * says outputs are lost (a lost output is null until its map task ran again); read by reducers
 * (directly in local mode, over RPC from executors). Arrays are replaced, never changed, so a
 * reader always sees one consistent snapshot.
 */
public final class MapOutputTracker implements MapOutputLocator {
  private final Map<Integer, MapStatus[]> outputs = new ConcurrentHashMap<>();

  /** The outputs of a shuffle as its map stage knows them now (copied). */
  void register(int shuffleId, MapStatus[] statuses) {
    outputs.put(shuffleId, statuses.clone());
  }

  /**
   * @throws MissingMapOutputException naming the first lost output, if the shuffle is unknown or
   *     some of its outputs were unregistered and not recomputed yet
   */
  @Override
  public MapStatus[] statuses(int shuffleId) {
    MapStatus[] statuses = outputs.get(shuffleId);
    if (statuses == null) {
      throw new MissingMapOutputException("No map outputs registered for shuffle " + shuffleId);
    }
    for (int m = 0; m < statuses.length; m++) {
      if (statuses[m] == null) {
        throw new MissingMapOutputException("Map output " + m + " of shuffle " + shuffleId
            + " was lost and is being recomputed");
      }
    }
    return statuses;
  }

  void unregister(int shuffleId) {
    outputs.remove(shuffleId);
  }
}
