package io.spindle.scheduler;

import io.spindle.function.SpindleListener;
import io.spindle.util.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler's progress in the log, as Spark's DAGScheduler and TaskSetManager write it: jobs
 * and stages at INFO (submitted, finished, how long) when {@code verbose}, else at DEBUG; each task
 * attempt's end at DEBUG (executor, locality, duration). On YARN this is what the AM's log says
 * about where an application's time went; local mode keeps the terminal for the job's own output.
 * Runs on the listener bus's shared queue, like user listeners; keeps only start times.
 */
public final class SchedulerLog implements SpindleListener {
  private static final Logger LOG = LoggerFactory.getLogger(SchedulerLog.class);

  private final Map<Integer, Long> jobStarts = new HashMap<>();
  private final Map<Long, Long> stageStarts = new HashMap<>(); // by stageId << 16 | attempt
  private final Map<Long, Long> taskStarts = new HashMap<>();
  private final boolean verbose;
  private final Clock clock;

  public SchedulerLog(boolean verbose) {
    this(verbose, Clock.SYSTEM);
  }

  /** Durations measured on {@code clock}. */
  public SchedulerLog(boolean verbose, Clock clock) {
    this.verbose = verbose;
    this.clock = clock;
  }

  private void log(String format, Object... args) {
    if (verbose) {
      LOG.info(format, args);
    } else {
      LOG.debug(format, args);
    }
  }

  @Override
  public void onJobStart(int jobId, List<Integer> stageIds, String callSite) {
    jobStarts.put(jobId, clock.nanoTime());
    log("Job {} submitted ({}) with stages {}", jobId, callSite == null ? "no call site" : callSite, stageIds);
  }

  @Override
  public void onStageSubmitted(StageInfo stage) {
    stageStarts.put(key(stage), clock.nanoTime());
    log("Submitting stage {}.{} ({}) with {} tasks", stage.stageId(), stage.attempt(), stage.name(),
        stage.numTasks());
  }

  @Override
  public void onTaskStart(TaskStartInfo task) {
    if (LOG.isDebugEnabled()) {
      taskStarts.put(task.taskId(), clock.nanoTime());
    }
  }

  @Override
  public void onTaskEnd(TaskInfo task) {
    if (LOG.isDebugEnabled()) {
      LOG.debug("Task {} (stage {}, partition {}, attempt {}) {} on executor {} at {} after {} ms", task.taskId(),
          task.stageId(), task.partition(), task.attemptNumber(), task.succeeded() ? "succeeded" : "failed",
          task.executorId(), task.locality(), millisSince(taskStarts.remove(task.taskId())));
    } else {
      taskStarts.remove(task.taskId());
    }
  }

  @Override
  public void onStageCompleted(StageInfo stage) {
    long ms = millisSince(stageStarts.remove(key(stage)));
    if (stage.failureReason() == null) {
      log("Stage {}.{} ({}) finished in {} ms", stage.stageId(), stage.attempt(), stage.name(), ms);
    } else {
      log("Stage {}.{} ({}) failed after {} ms: {}", stage.stageId(), stage.attempt(), stage.name(), ms,
          stage.failureReason());
    }
  }

  @Override
  public void onJobEnd(int jobId, boolean succeeded, String failureReason) {
    long ms = millisSince(jobStarts.remove(jobId));
    if (succeeded) {
      log("Job {} finished in {} ms", jobId, ms);
    } else {
      log("Job {} failed after {} ms: {}", jobId, ms, failureReason);
    }
  }

  private static long key(StageInfo stage) {
    return ((long) stage.stageId() << 16) | stage.attempt();
  }

  private long millisSince(Long startNanos) {
    return startNanos == null ? -1 : (clock.nanoTime() - startNanos) / 1_000_000;
  }
}
