package io.spindle.partial;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.PoissonDistribution;
import org.apache.commons.math3.distribution.TDistribution;

/** The distributions' quantiles the evaluators use (commons-math3, as Spark; no random generator is made). */
final class Quantiles {
  private Quantiles() {}

  /** The two-sided confidence factor: the standard normal's {@code 1 - (1 - confidence) / 2} quantile. */
  static double normal(double confidence) {
    return new NormalDistribution(null, 0, 1).inverseCumulativeProbability(1 - (1 - confidence) / 2);
  }

  /** As {@link #normal} for Student's t with {@code degreesOfFreedom}. */
  static double studentT(double confidence, long degreesOfFreedom) {
    return new TDistribution(null, degreesOfFreedom).inverseCumulativeProbability(1 - (1 - confidence) / 2);
  }

  /** Spark's confidence factor for a mean of {@code count} values: normal above 100 values, else t with count - 1 degrees. */
  static double meanFactor(double confidence, long count) {
    return count > 100 ? normal(confidence) : studentT(confidence, count - 1);
  }

  static PoissonDistribution poisson(double mean) {
    return new PoissonDistribution(null, mean, PoissonDistribution.DEFAULT_EPSILON,
        PoissonDistribution.DEFAULT_MAX_ITERATIONS);
  }
}
