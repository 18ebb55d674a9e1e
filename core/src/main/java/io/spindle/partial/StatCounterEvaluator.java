package io.spindle.partial;

import io.spindle.function.BoundedDouble;
import io.spindle.function.StatCounter;

/**
 * What {@link SumEvaluator} and {@link MeanEvaluator} share: they merge per-partition
 * {@link StatCounter}s and count the partitions merged; each bounds its own estimate.
 */
abstract class StatCounterEvaluator implements ApproximateEvaluator<StatCounter, BoundedDouble> {
  final int totalOutputs;
  final double confidence;
  int outputsMerged;
  final StatCounter counter = new StatCounter();

  StatCounterEvaluator(int totalOutputs, double confidence) {
    this.totalOutputs = totalOutputs;
    this.confidence = confidence;
  }

  @Override
  public final void merge(int outputId, StatCounter taskResult) {
    outputsMerged++;
    counter.merge(taskResult);
  }

  /** Nothing counted yet: 0 in (−∞, +∞) with confidence 0. */
  static BoundedDouble nothingYet() {
    return new BoundedDouble(0, 0.0, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
  }
}
