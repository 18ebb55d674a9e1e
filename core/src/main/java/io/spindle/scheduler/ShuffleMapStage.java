package io.spindle.scheduler;

import io.spindle.rdd.ShuffleDependency;
import io.spindle.shuffle.MapStatus;
import java.util.ArrayList;
import java.util.List;

/** Computes the parent side of a shuffle and writes its map outputs. Reused by later jobs. */
final class ShuffleMapStage extends Stage {
  final ShuffleDependency<?, ?, ?> dependency;
  private final MapStatus[] outputs;
  private int available;

  ShuffleMapStage(int id, ShuffleDependency<?, ?, ?> dependency, List<ShuffleMapStage> parents) {
    super(id, dependency.rdd(), parents);
    this.dependency = dependency;
    this.outputs = new MapStatus[numPartitions()];
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
