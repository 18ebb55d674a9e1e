package io.spindle.scheduler;

import io.spindle.rdd.Partition;
import java.util.List;

/**
 * The missing tasks of one stage attempt, handed from the DAG scheduler to the task scheduler.
 *
 * @param partitions partitions to compute, one task each
 * @param preferredHosts for each partition, where its input is (may be empty): host names, or
 *     {@code executor_<host>_<executorId>} for input cached on one executor (see {@link TaskLocation})
 * @param priority lower runs first (the id of the first job that needs the stage: FIFO)
 */
public record TaskSet(int stageId, int stageAttempt, List<Partition> partitions,
    List<List<String>> preferredHosts, byte[] taskBinary, int priority) {

  public String name() {
    return stageId + "." + stageAttempt;
  }
}
