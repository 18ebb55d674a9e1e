package io.spindle.output;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The driver's commit arbiter: for each (stage, partition) the first task attempt that asks may
 * commit its output, and no other attempt may, unless the authorized one fails before finishing.
 * This is what makes output exactly-once when attempts are retried or run twice (speculative
 * copies). Once a stage has ended, no attempt of it may commit any more: a copy still running
 * after its partition's winner finished (a speculation loser nobody could kill) must not replace
 * output that the job may already be publishing. An executor in another process uses a subclass
 * that asks the driver's instance over RPC.
 */
public class OutputCommitCoordinator {
  private final Map<Long, Long> authorized = new ConcurrentHashMap<>();

  private static long key(int stageId, int partition) {
    return ((long) stageId << 32) | (partition & 0xffffffffL);
  }

  /** Stages of cancelled jobs: none of their attempts may commit any more. */
  private final java.util.Set<Integer> cancelledStages = ConcurrentHashMap.newKeySet();

  /** A cancelled job's stage: every later commit request is denied, so its output is never published. */
  public void stageCancelled(int stageId) {
    cancelledStages.add(stageId);
  }

  /** True if {@code attemptId} may commit (stage, partition). */
  public boolean canCommit(int stageId, int partition, long attemptId) {
    if (cancelledStages.contains(stageId) || endedStages.contains(stageId)) {
      return false;
    }
    long winner = authorized.computeIfAbsent(key(stageId, partition), k -> attemptId);
    return winner == attemptId;
  }

  /** An attempt failed: if it held the right to commit, release it for the next attempt. */
  public void attemptFailed(int stageId, int partition, long attemptId) {
    authorized.remove(key(stageId, partition), attemptId);
  }

  /** Stages that completed: their late attempts are denied (stage ids are never reused). */
  private final java.util.Set<Integer> endedStages = ConcurrentHashMap.newKeySet();

  /** Forgets a finished stage's authorizations; its attempts that are still running may not commit. */
  public void stageEnded(int stageId, int numPartitions) {
    endedStages.add(stageId);
    for (int p = 0; p < numPartitions; p++) {
      authorized.remove(key(stageId, p));
    }
  }
}
