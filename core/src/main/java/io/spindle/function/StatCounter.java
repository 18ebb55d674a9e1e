package io.spindle.function;

import java.io.Serializable;

/**
 * Count, mean, variance, min and max of a set of doubles, updated one value or one other counter at
 * a time in a numerically stable way (Welford's update; Chan et al.'s pairwise merge), so each task
 * summarises its partition and the driver merges the summaries — Spark's {@code StatCounter},
 * formulas and edge cases included: an empty counter has mean 0, sum 0, {@code NaN} variance,
 * max {@code -Infinity} and min {@code +Infinity}; the sample variance of fewer than two values is
 * {@code NaN}.
 */
public final class StatCounter implements Serializable {
  private static final long serialVersionUID = 1L;

  private long n;
  private double mu;
  private double m2;
  private double maxValue = Double.NEGATIVE_INFINITY;
  private double minValue = Double.POSITIVE_INFINITY;

  /** An empty counter. */
  public StatCounter() {}

  /** A counter of {@code values}. */
  public StatCounter(Iterable<Double> values) {
    for (double v : values) {
      merge(v);
    }
  }

  /** Adds one value. */
  public StatCounter merge(double value) {
    double delta = value - mu;
    n += 1;
    mu += delta / n;
    m2 += delta * (value - mu);
    maxValue = Math.max(maxValue, value);
    minValue = Math.min(minValue, value);
    return this;
  }

  /** Adds every value another counter has seen (Spark's merge, including its choice of mean update). */
  public StatCounter merge(StatCounter other) {
    if (other == this) {
      return merge(other.copy());
    }
    if (n == 0) {
      mu = other.mu;
      m2 = other.m2;
      n = other.n;
      maxValue = other.maxValue;
      minValue = other.minValue;
    } else if (other.n != 0) {
      double delta = other.mu - mu;
      if (other.n * 10 < n) {
        mu = mu + (delta * other.n) / (n + other.n);
      } else if (n * 10 < other.n) {
        mu = other.mu - (delta * n) / (n + other.n);
      } else {
        mu = (mu * n + other.mu * other.n) / (n + other.n);
      }
      m2 += other.m2 + (delta * delta * n * other.n) / (n + other.n);
      n += other.n;
      maxValue = Math.max(maxValue, other.maxValue);
      minValue = Math.min(minValue, other.minValue);
    }
    return this;
  }

  public StatCounter copy() {
    StatCounter c = new StatCounter();
    c.n = n;
    c.mu = mu;
    c.m2 = m2;
    c.maxValue = maxValue;
    c.minValue = minValue;
    return c;
  }

  public long count() {
    return n;
  }

  public double mean() {
    return mu;
  }

  public double sum() {
    return n * mu;
  }

  public double max() {
    return maxValue;
  }

  public double min() {
    return minValue;
  }

  /** The population variance: the sum of squared deviations over n ({@code NaN} when empty). */
  public double variance() {
    return popVariance();
  }

  public double popVariance() {
    return n == 0 ? Double.NaN : m2 / n;
  }

  /** The sample variance: the sum of squared deviations over n - 1 ({@code NaN} below two values). */
  public double sampleVariance() {
    return n <= 1 ? Double.NaN : m2 / (n - 1);
  }

  /** The population standard deviation. */
  public double stdev() {
    return popStdev();
  }

  public double popStdev() {
    return Math.sqrt(popVariance());
  }

  public double sampleStdev() {
    return Math.sqrt(sampleVariance());
  }

  @Override
  public String toString() {
    return String.format("(count: %d, mean: %f, stdev: %f, max: %f, min: %f)", count(), mean(), stdev(), max(), min());
  }
}
