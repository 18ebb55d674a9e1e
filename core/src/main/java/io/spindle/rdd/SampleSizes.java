package io.spindle.rdd;

/**
 * How large a fraction {@code takeSample} samples so that one pass almost always yields at least the
 * requested number of elements (Spark's SamplingUtils.computeFractionForSampleSize and PoissonBounds):
 * with replacement, the Poisson upper bound of the sample size; without, a binomial bound with
 * failure probability 1e-4.
 */
public final class SampleSizes {
  private SampleSizes() {}

  /** Spark's largest allowed sample size: {@code Integer.MAX_VALUE - 10 * sqrt(Integer.MAX_VALUE)}. */
  public static final long MAX_SAMPLE_SIZE = Integer.MAX_VALUE - (long) (10 * Math.sqrt(Integer.MAX_VALUE));

  public static double fractionFor(int sampleSizeLowerBound, long total, boolean withReplacement) {
    if (withReplacement) {
      return poissonUpperBound(sampleSizeLowerBound) / total;
    }
    double fraction = (double) sampleSizeLowerBound / total;
    double delta = 1e-4;
    double gamma = -Math.log(delta) / total;
    return Math.min(1, Math.max(1e-10, fraction + gamma + Math.sqrt(gamma * gamma + 2 * gamma * fraction)));
  }

  static double poissonUpperBound(double s) {
    double numStd = s < 6 ? 12 : s < 16 ? 9 : 6;
    return Math.max(s + numStd * Math.sqrt(s), 1e-10);
  }
}
