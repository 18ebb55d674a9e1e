package io.spindle.status;

import io.spindle.function.TaskLocality;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A stage attempt's counters; mutated only under the {@link AppStatusListener}'s lock. */
final class LiveStage {
  final int stageId;
  final int attempt;
  final String name;
  final String details;
  final int numTasks;
  final long submissionTime;
  final List<Integer> jobIds;
  final IoTotals.Counters io = new IoTotals.Counters();
  private final BitSet completedIndices = new BitSet();
  private final EnumMap<TaskLocality, Long> locality = new EnumMap<>(TaskLocality.class);
  String status = "ACTIVE";
  long firstTaskLaunchedTime = -1;
  long completionTime = -1;
  String failureReason;
  int activeTasks;
  int completeTasks;
  int failedTasks;
  /** Its task attempts by task id, in launch order. */
  final Map<Long, TaskData> tasks = new LinkedHashMap<>();

  LiveStage(int stageId, int attempt, String name, String details, int numTasks, long submissionTime,
      List<Integer> jobIds) {
    this.stageId = stageId;
    this.attempt = attempt;
    this.name = name;
    this.details = details;
    this.numTasks = numTasks;
    this.submissionTime = submissionTime;
    this.jobIds = List.copyOf(jobIds);
  }

  boolean finished() {
    return !status.equals("ACTIVE");
  }

  void taskStarted(TaskLocality level, long now) {
    activeTasks++;
    if (firstTaskLaunchedTime < 0) {
      firstTaskLaunchedTime = now;
    }
    if (level != null) {
      locality.merge(level, 1L, Long::sum);
    }
  }

  void taskEnded(int partition, boolean succeeded, io.spindle.function.TaskMetrics metrics) {
    activeTasks = Math.max(0, activeTasks - 1);
    if (succeeded) {
      completeTasks++;
      completedIndices.set(partition);
    } else {
      failedTasks++;
    }
    io.add(metrics);
  }

  List<TaskData> tasks() {
    return List.copyOf(tasks.values());
  }

  StageData snapshot() {
    Map<String, Long> levels = new LinkedHashMap<>();
    locality.forEach((level, n) -> levels.put(level.name(), n));
    return new StageData(stageId, attempt, name, details, status, jobIds, numTasks, activeTasks, completeTasks, failedTasks,
        completedIndices.cardinality(), submissionTime, firstTaskLaunchedTime, completionTime, failureReason,
        io.snapshot(), levels);
  }
}
