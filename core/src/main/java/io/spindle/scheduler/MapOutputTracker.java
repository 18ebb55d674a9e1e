package io.spindle.scheduler;

import io.spindle.shuffle.MapOutputLocator;
import io.spindle.shuffle.MapStatus;
import io.spindle.shuffle.MissingMapOutputException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The driver's record of where every finished shuffle's map outputs are. Written by the DAG
 * scheduler when a shuffle map stage completes; read by reducers (directly in local mode).
 */
public final class MapOutputTracker implements MapOutputLocator {
  private final Map<Integer, MapStatus[]> outputs = new ConcurrentHashMap<>();

  void register(int shuffleId, MapStatus[] statuses) {
    outputs.put(shuffleId, statuses.clone());
  }

  @Override
  public MapStatus[] statuses(int shuffleId) {
    MapStatus[] statuses = outputs.get(shuffleId);
    if (statuses == null) {
      throw new MissingMapOutputException("No map outputs registered for shuffle " + shuffleId);
    }
    return statuses;
  }

  void unregister(int shuffleId) {
    outputs.remove(shuffleId);
  }
}
