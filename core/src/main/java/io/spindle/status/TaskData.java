package io.spindle.status;

import io.spindle.function.TaskMetrics;

/**
 * One task attempt as a stage's task list shows it (Spark's TaskData): {@code status} RUNNING,
 * SUCCESS or FAILED; {@code duration} -1 while it runs; {@code metrics} null until it ended.
 */
public record TaskData(long taskId, int index, int attempt, long launchTime, long duration, String executorId,
    String host, String status, String taskLocality, String errorMessage, TaskMetrics metrics) {}
