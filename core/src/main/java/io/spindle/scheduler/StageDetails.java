package io.spindle.scheduler;

import io.spindle.function.StorageLevel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the event log and the UI know of a stage beyond {@code SpindleListener.StageInfo}: its
 * parent stages and the RDDs it computes (its RDD and the narrow ancestors up to the shuffles it
 * reads, as Spark's StageInfo.rddInfos), taken on the scheduler's thread when a job starts.
 */
public record StageDetails(int stageId, String name, int numPartitions, boolean shuffleMap, List<Integer> parentIds,
    List<RddInfo> rdds, String details) {

  /** One RDD of a stage: Spark's RDDInfo without the cached figures (the status store has those). */
  public record RddInfo(int id, String name, int numPartitions, StorageLevel storageLevel, List<Integer> parentIds) {}

  static StageDetails of(Stage stage) {
    List<Integer> parents = new ArrayList<>();
    for (ShuffleMapStage p : stage.parents) {
      parents.add(p.id);
    }
    List<RddInfo> rdds = new ArrayList<>();
    Set<Integer> seen = new HashSet<>();
    collect(stage.rdd, rdds, seen);
    return new StageDetails(stage.id, stage.name(), stage.numPartitions(), stage instanceof ShuffleMapStage,
        List.copyOf(parents), List.copyOf(rdds), stage.rdd.toDebugString());
  }

  /** The rdd and its ancestors through narrow dependencies (a shuffle's parent side belongs to the map stage). */
  private static void collect(io.spindle.rdd.RddNode<?> rdd, List<RddInfo> into, Set<Integer> seen) {
    if (!seen.add(rdd.id())) {
      return;
    }
    List<Integer> parentIds = new ArrayList<>();
    for (io.spindle.rdd.Dependency<?> dep : rdd.dependencies()) {
      parentIds.add(dep.rdd().id());
    }
    into.add(new RddInfo(rdd.id(), rdd.toString(), rdd.getNumPartitions(), rdd.getStorageLevel(),
        List.copyOf(parentIds)));
    for (io.spindle.rdd.Dependency<?> dep : rdd.dependencies()) {
      if (!(dep instanceof io.spindle.rdd.ShuffleDependency)) {
        collect(dep.rdd(), into, seen);
      }
    }
  }
}
