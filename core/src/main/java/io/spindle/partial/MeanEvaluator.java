package io.spindle.partial;

import io.spindle.function.BoundedDouble;
import io.spindle.function.StatCounter;

/**
 * Spark's {@code MeanEvaluator}: merges per-partition {@link StatCounter}s; the estimate is the
 * mean so far, bounded by its standard error times a normal factor above 100 values, Student's t
 * (count − 1 degrees) below. Nothing counted yet: 0 in (−∞, +∞) with confidence 0; one value:
 * unbounded. Exact (all partitions in) for an empty RDD: 0, as Spark's StatCounter has it.
 */
public final class MeanEvaluator extends StatCounterEvaluator {

  public MeanEvaluator(int totalOutputs, double confidence) {
    super(totalOutputs, confidence);
  }

  @Override
  public BoundedDouble currentResult() {
    double mean = counter.mean();
    if (outputsMerged == totalOutputs) {
      return new BoundedDouble(mean, 1.0, mean, mean);
    }
    if (outputsMerged == 0 || counter.count() == 0) {
      return nothingYet();
    }
    if (counter.count() == 1) {
      return new BoundedDouble(mean, confidence, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    }
    double stdErr = Math.sqrt(counter.sampleVariance() / counter.count());
    double halfWidth = Quantiles.meanFactor(confidence, counter.count()) * stdErr;
    return new BoundedDouble(mean, confidence, mean - halfWidth, mean + halfWidth);
  }
}
