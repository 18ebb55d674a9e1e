package io.spindle.scheduler;

import io.spindle.rdd.RddNode;
import io.spindle.function.PartitionFunction;
import java.util.HashMap;
import java.util.Map;

/** A running action: which partitions it asked for, which are done, and who waits for it. */
final class ActiveJob {
  final int jobId;
  final RddNode<?> rdd;
  final PartitionFunction<?, ?> function;
  final int[] partitions;
  final boolean[] finished;
  final JobWaiter<?> waiter;
  /** Partition index of the RDD → position in {@link #partitions}. */
  final Map<Integer, Integer> outputIndex = new HashMap<>();
  int numFinished;
  ResultStage finalStage;
  /** The caller's local properties when it submitted (job group, description, interruptOnCancel). */
  java.util.Properties properties = new java.util.Properties();
  /** The action and the user code that called it, for listeners (Spark's job name). */
  String callSite;

  ActiveJob(int jobId, RddNode<?> rdd, PartitionFunction<?, ?> function, int[] partitions, JobWaiter<?> waiter) {
    this.jobId = jobId;
    this.rdd = rdd;
    this.function = function;
    this.partitions = partitions;
    this.finished = new boolean[partitions.length];
    this.waiter = waiter;
    for (int i = 0; i < partitions.length; i++) {
      outputIndex.put(partitions[i], i);
    }
  }
}
