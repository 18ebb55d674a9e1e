package io.spindle.io;

/**
 * The driver's say on task commits: exactly one attempt per partition may commit, so a slow
 * duplicate attempt can never publish a second copy.
 */
@FunctionalInterface
public interface CommitAuthorizer {
  /** True if this attempt may commit its output for this partition (asked once per attempt). */
  boolean canCommit(int partition, int attempt);
}
