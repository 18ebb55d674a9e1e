package io.spindle.status;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.spindle.function.SpindleListener.ExecutorInfo;
import io.spindle.function.SpindleListener.StageInfo;
import io.spindle.function.SpindleListener.TaskInfo;
import io.spindle.function.SpindleListener.TaskStartInfo;
import io.spindle.function.TaskLocality;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The listener fed with synthetic events: retention, executors coming and going, resubmitted stages. */
class AppStatusListenerTest {
  private final AtomicLong clock = new AtomicLong(1_000);

  private AppStatusListener listener(int jobs, int stages, int deadExecutors) {
    return new AppStatusListener("app-1", "name", "driver-host", 0, jobs, stages, deadExecutors, clock::get);
  }

  @Test
  void keepsOnlyTheNewestFinishedJobsAndStagesButNeverRunningOnes() {
    AppStatusListener l = listener(2, 3, 10);
    l.onJobStart(0, List.of(0), "running at X.java:1"); // stays running throughout
    l.onStageSubmitted(new StageInfo(0, 0, "s0", 1, false));
    for (int job = 1; job <= 5; job++) {
      l.onJobStart(job, List.of(job), "job at X.java:" + job);
      l.onStageSubmitted(new StageInfo(job, 0, "s" + job, 1, false));
      l.onStageCompleted(new StageInfo(job, 0, "s" + job, 1, false));
      l.onJobEnd(job, true, null);
    }
    assertEquals(List.of(5, 4, 0), l.jobs().stream().map(JobData::jobId).toList());
    assertEquals(List.of(5, 4, 3, 0), l.stages().stream().map(StageData::stageId).toList());
    assertEquals("RUNNING", l.jobs().get(2).status());
  }

  @Test
  void anAttemptEndedByAFetchFailureIsFailedWithItsReasonAndTheNextAttemptCompletes() {
    AppStatusListener l = listener(10, 10, 10);
    l.onJobStart(0, List.of(0, 1), "collect at X.java:9");
    l.onStageSubmitted(new StageInfo(1, 0, "result stage 1", 2, false));
    clock.addAndGet(100);
    l.onStageCompleted(new StageInfo(1, 0, "result stage 1", 2, false,
        "fetch failed: Could not read shuffle 0 map 3"));
    l.onStageSubmitted(new StageInfo(1, 1, "result stage 1", 1, false));
    l.onStageCompleted(new StageInfo(1, 1, "result stage 1", 1, false));
    l.onJobEnd(0, true, null);

    StageData failed = l.stage(1, 0);
    assertEquals("FAILED", failed.status());
    assertEquals("fetch failed: Could not read shuffle 0 map 3", failed.failureReason());
    assertEquals(1_100, failed.completionTime());
    assertEquals("COMPLETE", l.stage(1, 1).status());
    assertEquals(null, l.stage(1, 1).failureReason());
    assertEquals(1, l.jobs().get(0).numFailedStages());
    assertEquals(1, l.jobs().get(0).numCompletedStages());
  }

  @Test
  void countsTasksPerExecutorAndRemembersRemovedExecutors() {
    AppStatusListener l = listener(10, 10, 1);
    l.onExecutorAdded(new ExecutorInfo("1", "h1", 2));
    l.onExecutorAdded(new ExecutorInfo("2", "h2", 2));
    l.onExecutorAdded(new ExecutorInfo("3", "h3", 2));
    l.onJobStart(0, List.of(0), null);
    l.onStageSubmitted(new StageInfo(0, 0, "map", 2, true));
    l.onTaskStart(new TaskStartInfo(10, 0, 0, 0, 0, "1", "h1", TaskLocality.NODE_LOCAL));
    l.onTaskStart(new TaskStartInfo(11, 0, 0, 1, 0, "2", "h2", TaskLocality.ANY));
    clock.addAndGet(500);
    l.onTaskEnd(new TaskInfo(10, 0, 0, 0, "1", null, TaskLocality.NODE_LOCAL));
    l.onTaskEnd(new TaskInfo(11, 0, 1, 0, "2", "lost", TaskLocality.ANY));
    l.onExecutorRemoved("2", "container killed");
    l.onExecutorRemoved("3", "idle");
    // A resubmitted attempt of the stage for the lost partition.
    l.onStageSubmitted(new StageInfo(0, 1, "map", 1, true));
    l.onTaskStart(new TaskStartInfo(12, 0, 1, 1, 0, "1", "h1", TaskLocality.ANY));

    List<ExecutorSummary> active = l.executors(false);
    assertEquals(List.of("driver", "1"), active.stream().map(ExecutorSummary::id).toList());
    ExecutorSummary one = active.get(1);
    assertEquals(1, one.completedTasks());
    assertEquals(1, one.activeTasks());
    assertEquals(500, one.totalDuration());
    // Only one dead executor is kept: the last removed.
    List<ExecutorSummary> all = l.executors(true);
    assertEquals(List.of("driver", "1", "3"), all.stream().map(ExecutorSummary::id).toList());
    assertEquals("idle", all.get(2).removeReason());

    List<StageData> stages = l.stages();
    assertEquals(1, stages.get(0).attemptId());
    assertEquals(1, stages.get(0).numActiveTasks());
    assertEquals(0, stages.get(1).attemptId());
    assertEquals(1, stages.get(1).numCompleteTasks());
    assertEquals(1, stages.get(1).numFailedTasks());
    assertEquals(java.util.Map.of("NODE_LOCAL", 1L, "ANY", 1L), stages.get(1).locality());
    JobData job = l.jobs().get(0);
    assertEquals("job 0", job.name());
    assertEquals(3, job.numTasks());
    assertEquals(1, job.numActiveTasks());
    assertEquals(1, job.numCompletedTasks());
    assertEquals(1, job.numFailedTasks());
  }

  @Test
  void aJobsNeverSubmittedStagesCountAsSkipped() {
    AppStatusListener l = listener(10, 10, 10);
    l.onJobStart(7, List.of(3, 4), null);
    l.onStageSubmitted(new StageInfo(4, 0, "result", 1, false));
    l.onStageCompleted(new StageInfo(4, 0, "result", 1, false));
    l.onJobEnd(7, true, null);
    JobData job = l.jobs().get(0);
    assertEquals(1, job.numSkippedStages());
    assertEquals(1, job.numCompletedStages());
    assertEquals(clock.get(), job.completionTime());
  }
}
