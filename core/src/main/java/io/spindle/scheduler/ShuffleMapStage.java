package io.spindle.scheduler;

import io.spindle.rdd.ShuffleDependency;
import io.spindle.shuffle.FetchFailedException;
import io.spindle.shuffle.MapStatus;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/** Computes the parent side of a shuffle and writes its map outputs. Reused by later jobs. */
final class ShuffleMapStage extends Stage {
  final ShuffleDependency<?, ?, ?> dependency;
  private final MapStatus[] outputs;
  /** Partitions whose accumulator updates were merged: once per partition over the stage's life. */
  private final BitSet accumulated;
  private int available;

  ShuffleMapStage(int id, ShuffleDependency<?, ?, ?> dependency, List<ShuffleMapStage> parents) {
    super(id, dependency.rdd(), parents);
    this.dependency = dependency;
    this.outputs = new MapStatus[numPartitions()];
    this.accumulated = new BitSet(outputs.length);
  }

  /**
   * True the first time a task of {@code partition} succeeds, in any attempt of this stage: its
   * accumulator updates count then, and not again when the partition is recomputed because its
   * output was lost.
   */
  boolean firstSuccess(int partition) {
    if (accumulated.get(partition)) {
      return false;
    }
    accumulated.set(partition);
    return true;
  }

  /** Forgets the output of {@code partition} if {@code failure} read it where it is registered; true if so. */
  boolean removeOutput(int partition, FetchFailedException failure) {
    if (partition < 0 || partition >= outputs.length || !failure.sameLocation(outputs[partition])) {
      return false;
    }
    outputs[partition] = null;
    available--;
    return true;
  }

  /** Forgets every output served by the shuffle service {@code failure} found gone; returns how many. */
  int removeOutputsOnService(FetchFailedException failure) {
    int removed = 0;
    for (int p = 0; p < outputs.length; p++) {
      if (failure.sameService(outputs[p])) {
        outputs[p] = null;
        available--;
        removed++;
      }
    }
    return removed;
  }

  void addOutput(int partition, MapStatus status) {
    if (outputs[partition] == null) {
      available++;
    }
    outputs[partition] = status;
  }

  /** All map outputs exist: children can read and this stage need not run again. */
  boolean isAvailable() {
    return available == outputs.length;
  }

  MapStatus[] outputs() {
    return outputs.clone();
  }

  @Override
  List<Integer> missingPartitions() {
    List<Integer> missing = new ArrayList<>();
    for (int p = 0; p < outputs.length; p++) {
      if (outputs[p] == null) {
        missing.add(p);
      }
    }
    return missing;
  }

  @Override
  StageBody body() {
    return new StageBody.MapBody(rdd, dependency);
  }

  @Override
  String name() {
    return "shuffle map stage " + id + " (shuffle " + dependency.shuffleId() + ", " + rdd + ")";
  }
}
