package io.spindle.scheduler;

import io.spindle.function.TaskLocality;
import io.spindle.rdd.Partition;
import java.io.Serializable;

/**
 * One task attempt as it is sent to an executor.
 *
 * @param taskId unique among all attempts of the application
 * @param stageId stage the task belongs to
 * @param stageAttempt attempt of that stage
 * @param partition the partition to compute
 * @param attemptNumber 0 for the first attempt of this partition in this stage attempt
 * @param taskBinary the serialized {@link StageBody}, shared by all tasks of the stage attempt
 * @param locality how close to its preferred locations the scheduler placed this attempt
 */
public record TaskDescription(long taskId, int stageId, int stageAttempt, Partition partition,
    int attemptNumber, byte[] taskBinary, TaskLocality locality) implements Serializable {

  /** An attempt placed without regard to locality (ANY). */
  public TaskDescription(long taskId, int stageId, int stageAttempt, Partition partition, int attemptNumber,
      byte[] taskBinary) {
    this(taskId, stageId, stageAttempt, partition, attemptNumber, taskBinary, TaskLocality.ANY);
  }

  public int partitionIndex() {
    return partition.index();
  }

  public String name() {
    return "task " + partition.index() + "." + attemptNumber + " in stage " + stageId + "." + stageAttempt
        + " (TID " + taskId + ")";
  }
}
