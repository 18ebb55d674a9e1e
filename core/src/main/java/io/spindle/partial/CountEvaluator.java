package io.spindle.partial;

import io.spindle.function.BoundedDouble;
import org.apache.commons.math3.distribution.PoissonDistribution;

/**
 * Spark's {@code CountEvaluator}: merges per-partition counts. With a fraction {@code p} of the
 * partitions in, holding {@code sum} elements, the rest is modelled as Poisson with mean
 * {@code sum·(1−p)/p}; the estimate is {@code sum} plus that mean, the bounds {@code sum} plus its
 * {@code (1∓confidence)/2} quantiles. Nothing counted yet: 0 in [0, +∞) with confidence 0.
 */
public final class CountEvaluator implements ApproximateEvaluator<Long, BoundedDouble> {
  private final int totalOutputs;
  private final double confidence;
  private int outputsMerged;
  private long sum;

  public CountEvaluator(int totalOutputs, double confidence) {
    this.totalOutputs = totalOutputs;
    this.confidence = confidence;
  }

  @Override
  public void merge(int outputId, Long taskResult) {
    outputsMerged++;
    sum += taskResult;
  }

  @Override
  public BoundedDouble currentResult() {
    if (outputsMerged == totalOutputs) {
      return new BoundedDouble(sum, 1.0, sum, sum);
    }
    if (outputsMerged == 0 || sum == 0) {
      return new BoundedDouble(0, 0.0, 0.0, Double.POSITIVE_INFINITY);
    }
    return bound(confidence, sum, (double) outputsMerged / totalOutputs);
  }

  /** The estimate of a total of which {@code sum} were counted in a fraction {@code p} of the data (0 &lt; p &lt; 1, sum &gt; 0). */
  static BoundedDouble bound(double confidence, long sum, double p) {
    PoissonDistribution rest = Quantiles.poisson(sum * (1 - p) / p);
    double low = rest.inverseCumulativeProbability((1 - confidence) / 2);
    double high = rest.inverseCumulativeProbability((1 + confidence) / 2);
    return new BoundedDouble(sum + rest.getNumericalMean(), confidence, sum + low, sum + high);
  }
}
