package io.spindle.rdd;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Spark's histogram rules (DoubleRDDFunctions), so counts match Spark's bucket for bucket. Buckets
 * are {@code [b0, b1), [b1, b2), …, [b(n-2), b(n-1)]}: every bucket is closed below and open above
 * except the last, which includes its upper bound; values outside and NaN are not counted.
 */
public final class Histograms {
  private Histograms() {}

  /** The bucket of one value, or -1 if it is in none. */
  @FunctionalInterface
  public interface BucketFunction extends Serializable {
    int bucketOf(double value);
  }

  /**
   * {@code count} even buckets from {@code min} to {@code max}: boundary s is
   * {@code min + s * (max - min) / count}, the last is {@code max} itself; if {@code min == max},
   * the one bucket {@code [min, min]}.
   */
  public static double[] evenBoundaries(double min, double max, int count) {
    if (min == max) {
      return new double[] {min, min};
    }
    double span = max - min;
    double[] b = new double[count + 1];
    for (int s = 0; s < count; s++) {
      b[s] = min + (s * span) / count;
    }
    b[count] = max;
    return b;
  }

  /** Any sorted boundaries: a binary search. */
  public static BucketFunction search(double[] buckets) {
    double[] b = buckets.clone();
    return e -> {
      int location = Arrays.binarySearch(b, e);
      if (location < 0) {
        int insertionPoint = -location - 1;
        return insertionPoint > 0 && insertionPoint < b.length ? insertionPoint - 1 : -1;
      }
      return location < b.length - 1 ? location : location - 1;
    };
  }

  /** Evenly spaced boundaries from {@code min} to {@code max}: arithmetic, as Spark's fast path. */
  public static BucketFunction even(double min, double max, int count) {
    return e -> {
      if (Double.isNaN(e) || e < min || e > max) {
        return -1;
      }
      int bucket = (int) (((e - min) / (max - min)) * count);
      return Math.min(bucket, count - 1);
    };
  }

  /** Checks explicit boundaries the way Spark does, with a message that says what is needed. */
  public static void check(double[] buckets) {
    if (buckets == null || buckets.length < 2) {
      throw new IllegalArgumentException("histogram: the buckets array must have at least two elements (the "
          + "lower bound of the first bucket and the upper bound of the last)");
    }
  }
}
