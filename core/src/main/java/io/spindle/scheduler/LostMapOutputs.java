package io.spindle.scheduler;

import io.spindle.shuffle.FetchFailedException;

/**
 * What a fetch failure takes away (Spark's {@code unregisterMapOutput} and
 * {@code removeOutputsOnHost}): the map outputs it names, if they are still registered where the
 * reducer looked for them (a failure from an outdated location must not drop a recomputed output),
 * or, when the whole shuffle service is gone, every output of every shuffle served there. The
 * stages forget them, so they count as missing, and the tracker gets the stages' new view.
 * Runs on the DAG scheduler's event thread.
 */
final class LostMapOutputs {
  private LostMapOutputs() {}

  /** Unregisters what {@code failure} says is lost; returns how many outputs were dropped. */
  static int unregister(StageGraph graph, MapOutputTracker tracker, FetchFailedException failure) {
    if (failure.host() == null) {
      return 0; // no fetch was tried: the tracker already lacks the output
    }
    int dropped = 0;
    if (failure.serviceLost()) {
      for (ShuffleMapStage stage : graph.shuffleMapStages()) {
        int removed = stage.removeOutputsOnService(failure);
        if (removed > 0) {
          dropped += removed;
          tracker.register(stage.dependency.shuffleId(), stage.outputs());
        }
      }
      return dropped;
    }
    ShuffleMapStage stage = graph.shuffleMapStage(failure.shuffleId());
    if (stage == null) {
      return 0;
    }
    for (int map : failure.mapIndexes()) {
      if (stage.removeOutput(map, failure)) {
        dropped++;
      }
    }
    if (dropped > 0) {
      tracker.register(stage.dependency.shuffleId(), stage.outputs());
    }
    return dropped;
  }
}
