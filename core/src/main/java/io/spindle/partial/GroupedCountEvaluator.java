package io.spindle.partial;

import io.spindle.function.BoundedDouble;
import java.util.HashMap;
import java.util.Map;

/**
 * Spark's {@code GroupedCountEvaluator}: merges per-partition counts of each key and bounds each
 * key's total as {@link CountEvaluator} does. Nothing merged yet: an empty map.
 */
public final class GroupedCountEvaluator<T> implements ApproximateEvaluator<Map<T, Long>, Map<T, BoundedDouble>> {
  private final int totalOutputs;
  private final double confidence;
  private int outputsMerged;
  private final Map<T, Long> sums = new HashMap<>();

  public GroupedCountEvaluator(int totalOutputs, double confidence) {
    this.totalOutputs = totalOutputs;
    this.confidence = confidence;
  }

  @Override
  public void merge(int outputId, Map<T, Long> taskResult) {
    outputsMerged++;
    taskResult.forEach((key, count) -> sums.merge(key, count, Long::sum));
  }

  @Override
  public Map<T, BoundedDouble> currentResult() {
    Map<T, BoundedDouble> result = new HashMap<>(Math.max(16, sums.size() * 4 / 3 + 1));
    if (outputsMerged == totalOutputs) {
      sums.forEach((key, sum) -> result.put(key, new BoundedDouble(sum, 1.0, sum, sum)));
    } else if (outputsMerged > 0) {
      double p = (double) outputsMerged / totalOutputs;
      sums.forEach((key, sum) -> result.put(key, CountEvaluator.bound(confidence, sum, p)));
    }
    return result;
  }
}
