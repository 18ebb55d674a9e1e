package io.spindle.partial;

import io.spindle.function.BoundedDouble;
import io.spindle.function.StatCounter;

/**
 * Spark's {@code MeanEvaluator}: merges per-partition {@link StatCounter}s; the estimate is the
 * mean so far, bounded by its standard error times a normal factor above 100 values, Student's t
 * (count − 1 degrees) below. Nothing counted yet: 0 in (−∞, +∞) with confidence 0; one value:
 * unbounded. Exact (all partitions in) for an empty RDD: 0, as Spark's StatCounter has it.
 */
public final class MeanEvaluator implements ApproximateEvaluator<StatCounter, BoundedDouble> {
  private final int totalOutputs;
  private final double confidence;
  private int outputsMerged;
  private final StatCounter counter = new StatCounter();

  public MeanEvaluator(int totalOutputs, double confidence) {
    this.totalOutputs = totalOutputs;
    this.confidence = confidence;
  }

  @Override
  public void merge(int outputId, StatCounter taskResult) {
    outputsMerged++;
    counter.merge(taskResult);
  }

  @Override
  public BoundedDouble currentResult() {
    double mean = counter.mean();
    if (outputsMerged == totalOutputs) {
      return new BoundedDouble(mean, 1.0, mean, mean);
    }
    if (outputsMerged == 0 || counter.count() == 0) {
      return new BoundedDouble(0, 0.0, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    }
    if (counter.count() == 1) {
      return new BoundedDouble(mean, confidence, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    }
    double stdErr = Math.sqrt(counter.sampleVariance() / counter.count());
    double halfWidth = Quantiles.meanFactor(confidence, counter.count()) * stdErr;
    return new BoundedDouble(mean, confidence, mean - halfWidth, mean + halfWidth);
  }
}
