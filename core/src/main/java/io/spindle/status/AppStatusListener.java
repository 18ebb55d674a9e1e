package io.spindle.status;

import io.spindle.config.Settings;
import io.spindle.function.SpindleListener;
import io.spindle.config.SpindleConfigs;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Keeps the application's jobs, stage attempts and executors for the status UI, from the
 * scheduler's events. Events arrive on the DAG scheduler's thread and do O(1) work under this
 * object's lock; the HTTP server's threads take immutable snapshots under the same lock, so
 * neither side ever sees a half-updated job. Finished jobs and stages are retained up to
 * spindle.ui.retainedJobs / retainedStages, removed executors up to retainedDeadExecutors.
 */
public final class AppStatusListener implements SpindleListener {
  private final String applicationId;
  private final String applicationName;
  private final String user = System.getProperty("user.name", "");
  private final LongSupplier clock;
  private final long startTime;
  private final Retained<Integer, LiveJob> jobs;
  private final Retained<Long, LiveStage> stages; // key: stageId << 32 | attempt
  private final Retained<String, LiveExecutor> executors;
  /** Latest submitted attempt per stage id (a task's stage when its start was not seen). */
  private final Map<Integer, Integer> latestAttempt = new HashMap<>();
  /** Running jobs by stage id: a stage shared by two jobs counts for both, as in Spark. */
  private final Map<Integer, List<LiveJob>> runningJobsByStage = new HashMap<>();
  private final Map<Long, RunningTask> runningTasks = new HashMap<>();
  private long endTime = -1;

  private record RunningTask(long stageKey, String executorId, long launchTime, List<LiveJob> jobs) {}

  /**
   * @param driverHost the driver's host, listed as executor "driver"
   * @param driverCores its task slots (local mode), 0 when executors run the tasks
   */
  public AppStatusListener(String applicationId, String applicationName, String driverHost, int driverCores,
      Settings conf) {
    this(applicationId, applicationName, driverHost, driverCores, conf.get(SpindleConfigs.UI_RETAINED_JOBS),
        conf.get(SpindleConfigs.UI_RETAINED_STAGES), conf.get(SpindleConfigs.UI_RETAINED_DEAD_EXECUTORS),
        System::currentTimeMillis);
  }

  AppStatusListener(String applicationId, String applicationName, String driverHost, int driverCores,
      int retainedJobs, int retainedStages, int retainedDeadExecutors, LongSupplier clock) {
    this.applicationId = applicationId;
    this.applicationName = applicationName;
    this.clock = clock;
    this.startTime = clock.getAsLong();
    this.jobs = new Retained<>(retainedJobs, LiveJob::finished);
    this.stages = new Retained<>(retainedStages, LiveStage::finished);
    this.executors = new Retained<>(retainedDeadExecutors, e -> !e.isActive());
    executors.put(DRIVER, new LiveExecutor(DRIVER, driverHost, driverCores, startTime));
  }

  static final String DRIVER = io.spindle.executor.LocalBackend.EXECUTOR_ID;

  public String applicationId() {
    return applicationId;
  }

  // ---- Events (the DAG scheduler's thread)

  @Override
  public synchronized void onJobStart(int jobId, List<Integer> stageIds, String callSite) {
    LiveJob job = new LiveJob(jobId, callSite != null ? callSite : "job " + jobId, clock.getAsLong(), stageIds);
    jobs.put(jobId, job);
    for (int stageId : stageIds) {
      runningJobsByStage.computeIfAbsent(stageId, k -> new ArrayList<>()).add(job);
    }
  }

  @Override
  public synchronized void onStageSubmitted(StageInfo info) {
    long now = clock.getAsLong();
    List<LiveJob> owners = runningJobsByStage.getOrDefault(info.stageId(), List.of());
    List<Integer> jobIds = new ArrayList<>(owners.size());
    for (LiveJob job : owners) {
      jobIds.add(job.jobId);
      job.submittedStages.add(info.stageId());
      job.numTasks += info.numTasks();
      job.activeStages++;
    }
    // A result stage belongs to one job: Spark names it by the job's call site.
    String name = !info.shuffleMap() && owners.size() == 1 ? owners.get(0).name : info.name();
    stages.put(key(info.stageId(), info.attempt()),
        new LiveStage(info.stageId(), info.attempt(), name, info.name(), info.numTasks(), now, jobIds));
    latestAttempt.put(info.stageId(), info.attempt());
  }

  @Override
  public synchronized void onTaskStart(TaskStartInfo task) {
    long now = clock.getAsLong();
    long stageKey = key(task.stageId(), task.stageAttempt());
    LiveStage stage = stages.get(stageKey);
    if (stage != null) {
      stage.taskStarted(task.locality(), now);
    }
    List<LiveJob> owners = List.copyOf(runningJobsByStage.getOrDefault(task.stageId(), List.of()));
    for (LiveJob job : owners) {
      job.activeTasks++;
    }
    executor(task.executorId(), task.host()).activeTasks++;
    runningTasks.put(task.taskId(), new RunningTask(stageKey, task.executorId(), now, owners));
  }

  @Override
  public synchronized void onTaskEnd(TaskInfo task) {
    long now = clock.getAsLong();
    RunningTask started = runningTasks.remove(task.taskId());
    long stageKey = started != null ? started.stageKey
        : key(task.stageId(), latestAttempt.getOrDefault(task.stageId(), 0));
    LiveStage stage = stages.get(stageKey);
    if (stage != null) {
      stage.taskEnded(task.partition(), task.succeeded(), task.metrics());
    }
    for (LiveJob job : started != null ? started.jobs : List.<LiveJob>of()) {
      job.activeTasks--;
      if (task.succeeded()) {
        job.completedTasks++;
      } else {
        job.failedTasks++;
      }
    }
    LiveExecutor executor = executor(task.executorId(), null);
    if (started != null) {
      executor.activeTasks = Math.max(0, executor.activeTasks - 1);
      executor.totalDuration += now - started.launchTime;
    }
    if (task.succeeded()) {
      executor.completedTasks++;
    } else {
      executor.failedTasks++;
    }
    executor.io.add(task.metrics());
  }

  @Override
  public synchronized void onStageCompleted(StageInfo info) {
    LiveStage stage = stages.get(key(info.stageId(), info.attempt()));
    if (stage != null && !stage.finished()) {
      stage.status = "COMPLETE";
      stage.completionTime = clock.getAsLong();
      for (LiveJob job : runningJobsByStage.getOrDefault(info.stageId(), List.of())) {
        job.activeStages--;
        job.completedStages.add(info.stageId());
      }
      stages.trim();
    }
  }

  @Override
  public synchronized void onJobEnd(int jobId, boolean succeeded, String failureReason) {
    LiveJob job = jobs.get(jobId);
    if (job == null) {
      return;
    }
    long now = clock.getAsLong();
    job.completionTime = now;
    job.status = succeeded ? "SUCCEEDED" : "FAILED";
    job.failureReason = succeeded ? null : failureReason;
    for (int stageId : job.stageIds) {
      List<LiveJob> owners = runningJobsByStage.get(stageId);
      if (owners != null) {
        owners.remove(job);
        if (owners.isEmpty()) {
          runningJobsByStage.remove(stageId);
        }
      }
      Integer attempt = latestAttempt.get(stageId);
      LiveStage stage = attempt == null ? null : stages.get(key(stageId, attempt));
      // A job ends without ending its stages when a task set aborts: they failed with it.
      if (!succeeded && stage != null && !stage.finished() && (owners == null || owners.isEmpty())) {
        stage.status = "FAILED";
        stage.failureReason = failureReason;
        stage.completionTime = now;
        job.failedStages++;
        job.activeStages = Math.max(0, job.activeStages - 1);
      }
    }
    jobs.trim();
    stages.trim();
  }

  @Override
  public synchronized void onExecutorAdded(ExecutorInfo info) {
    LiveExecutor old = executors.get(info.executorId());
    if (old == null || !old.isActive() || old.cores != info.cores()) {
      executors.put(info.executorId(), new LiveExecutor(info.executorId(), info.host(), info.cores(),
          clock.getAsLong()));
    }
  }

  @Override
  public synchronized void onExecutorRemoved(String executorId, String reason) {
    LiveExecutor e = executors.get(executorId);
    if (e != null && e.isActive()) {
      e.removeTime = clock.getAsLong();
      e.removeReason = reason;
      executors.trim();
    }
  }

  /** The context stopped: the application shows as completed. */
  public synchronized void applicationEnded() {
    if (endTime < 0) {
      endTime = clock.getAsLong();
    }
  }

  private LiveExecutor executor(String id, String host) {
    LiveExecutor e = executors.get(id);
    if (e == null) { // a backend that does not announce executors
      e = new LiveExecutor(id, host != null ? host : "", 0, clock.getAsLong());
      executors.put(id, e);
    }
    return e;
  }

  private static long key(int stageId, int attempt) {
    return (long) stageId << 32 | (attempt & 0xffffffffL);
  }

  // ---- Snapshots (any thread)

  public synchronized ApplicationInfo application() {
    return new ApplicationInfo(applicationId, applicationName, startTime, endTime, user, endTime >= 0);
  }

  /** Jobs, newest first (as Spark lists them). */
  public synchronized List<JobData> jobs() {
    List<JobData> out = new ArrayList<>();
    for (LiveJob job : jobs.values()) {
      out.add(job.snapshot());
    }
    java.util.Collections.reverse(out);
    return out;
  }

  /** Stage attempts, newest first. */
  public synchronized List<StageData> stages() {
    List<StageData> out = new ArrayList<>();
    for (LiveStage stage : stages.values()) {
      out.add(stage.snapshot());
    }
    java.util.Collections.reverse(out);
    return out;
  }

  /** Executors, the driver first; {@code includeRemoved} for /allexecutors. */
  public synchronized List<ExecutorSummary> executors(boolean includeRemoved) {
    List<ExecutorSummary> out = new ArrayList<>();
    for (LiveExecutor e : executors.values()) {
      if (includeRemoved || e.isActive()) {
        out.add(e.snapshot());
      }
    }
    return out;
  }
}
