package io.spindle.partial;

import io.spindle.function.BoundedDouble;
import io.spindle.function.StatCounter;

/**
 * Spark's {@code SumEvaluator}: merges per-partition {@link StatCounter}s. With a fraction {@code p}
 * of the partitions in, the rest is estimated as (mean so far) × (count so far · (1−p)/p) and
 * added to the sum so far; the bound comes from the variance of that product of two independent
 * estimates, with a normal factor above 100 values and Student's t (count − 1 degrees) below.
 * Nothing counted yet: 0 in (−∞, +∞) with confidence 0; one value: unbounded.
 */
public final class SumEvaluator extends StatCounterEvaluator {

  public SumEvaluator(int totalOutputs, double confidence) {
    super(totalOutputs, confidence);
  }

  @Override
  public BoundedDouble currentResult() {
    if (outputsMerged == totalOutputs) {
      return new BoundedDouble(counter.sum(), 1.0, counter.sum(), counter.sum());
    }
    if (outputsMerged == 0 || counter.count() == 0) {
      return nothingYet();
    }
    double p = (double) outputsMerged / totalOutputs;
    double meanEstimate = counter.mean();
    double countEstimate = counter.count() * (1 - p) / p;
    double sumEstimate = meanEstimate * countEstimate;
    double meanVar = counter.sampleVariance() / counter.count();
    if (Double.isNaN(meanVar) || counter.count() == 1) {
      return new BoundedDouble(counter.sum() + sumEstimate, confidence, Double.NEGATIVE_INFINITY,
          Double.POSITIVE_INFINITY);
    }
    double countVar = counter.count() * (1 - p) / (p * p);
    double sumVar = meanEstimate * meanEstimate * countVar + countEstimate * countEstimate * meanVar
        + meanVar * countVar;
    double halfWidth = Quantiles.meanFactor(confidence, counter.count()) * Math.sqrt(sumVar);
    double estimate = counter.sum() + sumEstimate;
    return new BoundedDouble(estimate, confidence, estimate - halfWidth, estimate + halfWidth);
  }
}
