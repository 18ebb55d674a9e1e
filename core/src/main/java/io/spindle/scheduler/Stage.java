package io.spindle.scheduler;

import io.spindle.rdd.RddNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A set of tasks that run the same pipelined lineage on different partitions, between shuffle
 * boundaries. Mutated only on the DAG scheduler's event thread.
 */
abstract class Stage {
  final int id;
  final RddNode<?> rdd;
  final List<ShuffleMapStage> parents;
  /** Jobs that need this stage; a stage no job needs is not run. */
  final Set<Integer> jobIds = new HashSet<>();
  /** Partitions of the current attempt not finished yet. */
  final Set<Integer> pendingPartitions = new HashSet<>();
  int attempt = -1;
  /** Tasks launched by the current attempt. */
  int numTasks;
  /**
   * Attempts of this stage that failed because a task could not fetch shuffle output, since the
   * stage last completed (Spark's {@code failedAttemptIds}): too many and its jobs are aborted.
   */
  final Set<Integer> fetchFailedAttempts = new HashSet<>();
  /** Serialized {@link StageBody}, made once when the first job needs the stage. */
  byte[] taskBinary;

  Stage(int id, RddNode<?> rdd, List<ShuffleMapStage> parents) {
    this.id = id;
    this.rdd = rdd;
    this.parents = parents;
  }

  int numPartitions() {
    return rdd.partitions().length;
  }

  /** Partition indexes of {@link #rdd} that still have to be computed. */
  abstract List<Integer> missingPartitions();

  abstract StageBody body();

  abstract String name();
}
