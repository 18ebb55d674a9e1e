package io.spindle.status;

import java.util.List;

/**
 * One job as /api/v1/applications/&lt;id&gt;/jobs shows it (Spark's JobData). {@code name} is the
 * call site ("count at WordCount.java:42"); {@code status} is RUNNING, SUCCEEDED or FAILED;
 * {@code completionTime} is -1 while it runs; {@code failureReason} is null unless it failed.
 */
public record JobData(int jobId, String name, long submissionTime, long completionTime, List<Integer> stageIds,
    String status, int numTasks, int numActiveTasks, int numCompletedTasks, int numFailedTasks,
    int numActiveStages, int numCompletedStages, int numSkippedStages, int numFailedStages, String failureReason) {}
