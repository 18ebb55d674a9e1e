package io.spindle.function;

import java.io.Serializable;
import java.util.Locale;

/**
 * An approximate value with its confidence interval (Spark's {@code BoundedDouble}), the result of
 * the approximate actions ({@code countApprox}, {@code countByKeyApprox}, {@code sumApprox}, …):
 * the estimate {@code mean}, and {@code [low, high]} holding the true value with probability
 * {@code confidence}. An exact value has {@code low == high == mean} and confidence 1.0.
 */
public record BoundedDouble(double mean, double confidence, double low, double high) implements Serializable {

  /** {@code [low, high]} with three decimals, as Spark prints it. */
  @Override
  public String toString() {
    return String.format(Locale.ROOT, "[%.3f, %.3f]", low, high);
  }
}
