package io.spindle.am;

import java.util.ArrayDeque;

/**
 * The executor failures that count against {@code spindle.executor.maxFailures}: all of them, or,
 * with a validity interval ({@code spindle.executor.failuresValidityInterval}, Spark's key), only
 * those of the last interval, so that a long application is not failed by failures spread over days.
 * Not thread-safe (the launcher's lock guards it).
 */
final class RecentFailures {
  private final ArrayDeque<Long> times = new ArrayDeque<>();
  private long validityMillis; // 0: every failure counts

  /** Failures older than {@code millis} stop counting; 0 keeps every one. */
  void validity(long millis) {
    this.validityMillis = millis;
  }

  /** Records a failure at {@code nowMillis}; returns the failures that count now. */
  int add(long nowMillis) {
    times.addLast(nowMillis);
    return count(nowMillis);
  }

  /** For the message that fails the application: the interval, if failures expire. */
  String describeValidity() {
    return validityMillis > 0 ? " within spindle.executor.failuresValidityInterval=" + validityMillis + " ms" : "";
  }

  /** The failures that count at {@code nowMillis}. */
  int count(long nowMillis) {
    if (validityMillis > 0) {
      while (!times.isEmpty() && nowMillis - times.peekFirst() > validityMillis) {
        times.pollFirst();
      }
    }
    return times.size();
  }
}
