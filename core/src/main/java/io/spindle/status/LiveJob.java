package io.spindle.status;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A job's counters while the listener sees it; mutated only under the {@link AppStatusListener}'s lock. */
final class LiveJob {
  final int jobId;
  final String name;
  final long submissionTime;
  final List<Integer> stageIds;
  /** Stages this job submitted (any attempt); the others it listed were skipped (their output existed). */
  final Set<Integer> submittedStages = new HashSet<>();
  /** Stage ids with a completed attempt: a stage resubmitted after a lost output counts once. */
  final Set<Integer> completedStages = new HashSet<>();
  long completionTime = -1;
  String status = "RUNNING";
  String failureReason;
  int numTasks;
  int activeTasks;
  int completedTasks;
  int failedTasks;
  int activeStages;
  int failedStages;

  LiveJob(int jobId, String name, long submissionTime, List<Integer> stageIds) {
    this.jobId = jobId;
    this.name = name;
    this.submissionTime = submissionTime;
    this.stageIds = List.copyOf(stageIds);
  }

  boolean finished() {
    return completionTime >= 0;
  }

  JobData snapshot() {
    int skipped = finished() ? stageIds.size() - submittedStages.size() : 0;
    return new JobData(jobId, name, submissionTime, completionTime, stageIds, status, numTasks, activeTasks,
        completedTasks, failedTasks, activeStages, completedStages.size(), skipped, failedStages, failureReason);
  }
}
