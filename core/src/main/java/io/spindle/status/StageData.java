package io.spindle.status;

import java.util.List;
import java.util.Map;

/**
 * One stage attempt as /api/v1/applications/&lt;id&gt;/stages shows it (Spark's StageData).
 * {@code status} is ACTIVE, COMPLETE or FAILED; times are -1 until they happen; {@code locality}
 * counts the attempts launched at each level (PROCESS_LOCAL, NODE_LOCAL, …). {@code name} is the
 * job's call site for a result stage (as in Spark), else the engine's description, which
 * {@code details} always holds ("shuffle map stage 1 (shuffle 0, PairRdd[1])").
 */
public record StageData(int stageId, int attemptId, String name, String details, String status, List<Integer> jobIds,
    int numTasks, int numActiveTasks, int numCompleteTasks, int numFailedTasks, int numCompletedIndices,
    long submissionTime, long firstTaskLaunchedTime, long completionTime, String failureReason, IoTotals io,
    Map<String, Long> locality) {}
