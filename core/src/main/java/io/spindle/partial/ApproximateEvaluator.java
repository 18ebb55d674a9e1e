package io.spindle.partial;

/**
 * Merges the results of an approximate action's tasks ({@code U}, one per partition) as they
 * arrive and estimates the action's result ({@code R}) from those merged so far. Called under the
 * listener's lock, so implementations need no synchronization.
 */
public interface ApproximateEvaluator<U, R> {
  void merge(int outputId, U taskResult);

  /** The estimate from the outputs merged so far; exact once all are. */
  R currentResult();
}
