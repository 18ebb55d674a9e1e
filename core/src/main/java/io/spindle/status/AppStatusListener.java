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
public final class AppStatusListener implements io.spindle.scheduler.EngineListener {
  private volatile String applicationId;
  /** A history server's store takes the id from the log's application-start event; a live one keeps its own. */
  volatile boolean idFromEvents;
  private String applicationName;
  /** The YARN attempt from the application-start event; null outside YARN. */
  private String attemptId;
  private String user = System.getProperty("user.name", "");
  private final LongSupplier clock;
  private long startTime;
  /** The environment sections (settings redacted), empty until the environment event. */
  private Map<String, Map<String, String>> environment = Map.of();
  private final Retained<Integer, LiveJob> jobs;
  private final Retained<Long, LiveStage> stages; // key: stageId << 32 | attempt
  private final Retained<String, LiveExecutor> executors;
  /** Latest submitted attempt per stage id (a task's stage when its start was not seen). */
  private final Map<Integer, Integer> latestAttempt = new HashMap<>();
  /** Running jobs by stage id: a stage shared by two jobs counts for both, as in Spark. */
  private final Map<Integer, List<LiveJob>> runningJobsByStage = new HashMap<>();
  private final Map<Long, RunningTask> runningTasks = new HashMap<>();
  private long endTime = -1;
  /** RDDs with a storage level, by id, as the jobs' stage details described them. */
  private final Map<Integer, io.spindle.scheduler.StageDetails.RddInfo> persistedRdds = new java.util.TreeMap<>();
  /** The cached partitions of the driver's own block store (local mode); none elsewhere. */
  private volatile java.util.function.Supplier<List<io.spindle.storage.BlockStore.RddBlock>> driverBlocks = List::of;
  /** Executors' cached partitions from their block reports: executor id → block id → update. */
  private final Map<String, Map<String, io.spindle.scheduler.BlockUpdateInfo>> executorBlocks = new HashMap<>();
  /** When the event being handled was posted (the bus delivers later); 0 before the first. */
  private long eventTime;

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

  /** The time of the event being handled: its posting time on the bus, else this listener's clock. */
  private long now() {
    return eventTime > 0 ? eventTime : clock.getAsLong();
  }

  @Override
  public synchronized void onEventTime(long timeMillis) {
    this.eventTime = timeMillis;
  }

  public String applicationId() {
    return applicationId;
  }

  // ---- Events (the DAG scheduler's thread)

  @Override
  public synchronized void onJobStart(int jobId, List<Integer> stageIds, String callSite) {
    LiveJob job = new LiveJob(jobId, callSite != null ? callSite : "job " + jobId, now(), stageIds);
    jobs.put(jobId, job);
    for (int stageId : stageIds) {
      runningJobsByStage.computeIfAbsent(stageId, k -> new ArrayList<>()).add(job);
    }
  }

  @Override
  public synchronized void onStageSubmitted(StageInfo info) {
    long now = now();
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
    long now = now();
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
    if (stage != null) {
      stage.tasks.put(task.taskId(), new TaskData(task.taskId(), task.partition(), task.attemptNumber(), now, -1,
          task.executorId(), task.host(), "RUNNING", task.locality() == null ? null : task.locality().name(), null,
          null));
    }
  }

  @Override
  public synchronized void onTaskEnd(TaskInfo task) {
    long now = now();
    RunningTask started = runningTasks.remove(task.taskId());
    long stageKey = started != null ? started.stageKey
        : key(task.stageId(), latestAttempt.getOrDefault(task.stageId(), 0));
    LiveStage stage = stages.get(stageKey);
    if (stage != null) {
      stage.taskEnded(task.partition(), task.succeeded(), task.metrics());
      TaskData begun = stage.tasks.get(task.taskId());
      long launched = begun != null ? begun.launchTime() : now;
      stage.tasks.put(task.taskId(), new TaskData(task.taskId(), task.partition(), task.attemptNumber(), launched,
          now - launched, task.executorId(), begun != null ? begun.host() : "", task.succeeded() ? "SUCCESS" : "FAILED",
          task.locality() == null ? null : task.locality().name(), task.failure(), task.metrics()));
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
      boolean failed = info.failureReason() != null; // an attempt ended by a fetch failure; the stage is resubmitted
      stage.status = failed ? "FAILED" : "COMPLETE";
      stage.failureReason = info.failureReason();
      stage.completionTime = now();
      for (LiveJob job : runningJobsByStage.getOrDefault(info.stageId(), List.of())) {
        job.activeStages--;
        if (failed) {
          job.failedStages++;
        } else {
          job.completedStages.add(info.stageId());
        }
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
    long now = now();
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
    onExecutorAdded(info, Map.of());
  }

  @Override
  public synchronized void onExecutorAdded(ExecutorInfo info, Map<String, String> logUrls) {
    LiveExecutor old = executors.get(info.executorId());
    if (old == null || !old.isActive() || old.cores != info.cores()) {
      old = new LiveExecutor(info.executorId(), info.host(), info.cores(), now());
      executors.put(info.executorId(), old);
    }
    old.logUrls = Map.copyOf(logUrls);
  }

  @Override
  public synchronized void onExecutorRemoved(String executorId, String reason) {
    LiveExecutor e = executors.get(executorId);
    executorBlocks.remove(executorId); // its cached partitions went with it
    if (e != null && e.isActive()) {
      e.removeTime = now();
      e.removeReason = reason;
      executors.trim();
    }
  }

  /** Where the driver's cached partitions are read from when the storage page asks (local mode). */
  public void setDriverBlocks(java.util.function.Supplier<List<io.spindle.storage.BlockStore.RddBlock>> blocks) {
    this.driverBlocks = blocks;
  }

  @Override
  public synchronized void onJobStages(int jobId, List<io.spindle.scheduler.StageDetails> details) {
    for (io.spindle.scheduler.StageDetails stage : details) {
      for (io.spindle.scheduler.StageDetails.RddInfo rdd : stage.rdds()) {
        if (rdd.storageLevel().isValid()) {
          persistedRdds.put(rdd.id(), rdd);
        }
      }
    }
  }

  @Override
  public synchronized void onBlockManagerAdded(String executorId, String host, long maxMemory) {
    LiveExecutor e = executor(executorId, host);
    e.maxMemory = maxMemory;
  }

  @Override
  public synchronized void onBlockUpdated(io.spindle.scheduler.BlockUpdateInfo update) {
    if (update.rddId() < 0) {
      return;
    }
    LiveExecutor e = executors.get(update.executorId());
    if (e != null && !e.isActive()) {
      return; // a late report of a removed executor
    }
    if (update.isCached()) {
      executorBlocks.computeIfAbsent(update.executorId(), k -> new HashMap<>()).put(update.blockId(), update);
    } else {
      Map<String, io.spindle.scheduler.BlockUpdateInfo> blocks = executorBlocks.get(update.executorId());
      if (blocks != null) {
        blocks.remove(update.blockId());
        if (blocks.isEmpty()) {
          executorBlocks.remove(update.executorId());
        }
      }
    }
  }

  /**
   * Cached RDDs with at least one partition held, by id: the driver's own block store (local
   * mode) and what executors reported (local-cluster, YARN). A partition held by two executors
   * (recomputed after a task retry) counts once, its sizes twice, as Spark's storage page does.
   */
  public List<RddStorage> rddStorage() {
    List<io.spindle.storage.BlockStore.RddBlock> blocks = driverBlocks.get();
    Map<Integer, long[]> byRdd = new java.util.TreeMap<>(); // memory, disk
    Map<Integer, java.util.Set<Integer>> partitions = new HashMap<>();
    for (io.spindle.storage.BlockStore.RddBlock b : blocks) {
      long[] sums = byRdd.computeIfAbsent(b.rddId(), k -> new long[2]);
      partitions.computeIfAbsent(b.rddId(), k -> new java.util.HashSet<>()).add(b.partition());
      sums[0] += b.memoryBytes();
      sums[1] += b.diskBytes();
    }
    List<RddStorage> out = new ArrayList<>();
    synchronized (this) {
      for (Map<String, io.spindle.scheduler.BlockUpdateInfo> held : executorBlocks.values()) {
        for (io.spindle.scheduler.BlockUpdateInfo b : held.values()) {
          long[] sums = byRdd.computeIfAbsent(b.rddId(), k -> new long[2]);
          partitions.computeIfAbsent(b.rddId(), k -> new java.util.HashSet<>()).add(b.partition());
          sums[0] += b.memorySize();
          sums[1] += b.diskSize();
        }
      }
      byRdd.forEach((id, sums) -> {
        io.spindle.scheduler.StageDetails.RddInfo info = persistedRdds.get(id);
        if (info != null) {
          out.add(new RddStorage(id, info.name(), info.numPartitions(), partitions.get(id).size(),
              RddStorage.describe(info.storageLevel()), sums[0], sums[1]));
        }
      });
    }
    return out;
  }

  @Override
  public synchronized void onApplicationStart(String appName, String appId, String attemptId, String user) {
    if (idFromEvents) {
      this.applicationId = appId;
    }
    this.applicationName = appName;
    this.attemptId = attemptId;
    this.user = user;
    this.startTime = now();
  }

  @Override
  public synchronized void onEnvironmentUpdate(Map<String, Map<String, String>> environment) {
    this.environment = Map.copyOf(environment);
  }

  @Override
  public synchronized void onApplicationEnd() {
    applicationEnded();
  }

  /** The sections of the environment event ("Spark Properties", …), secrets redacted. */
  public synchronized Map<String, Map<String, String>> environment() {
    return environment;
  }

  /** The context stopped: the application shows as completed. */
  public synchronized void applicationEnded() {
    if (endTime < 0) {
      endTime = now();
    }
  }

  private LiveExecutor executor(String id, String host) {
    LiveExecutor e = executors.get(id);
    if (e == null) { // a backend that does not announce executors
      e = new LiveExecutor(id, host != null ? host : "", 0, now());
      executors.put(id, e);
    }
    return e;
  }

  private static long key(int stageId, int attempt) {
    return (long) stageId << 32 | (attempt & 0xffffffffL);
  }

  // ---- Snapshots (any thread)

  public synchronized ApplicationInfo application() {
    return new ApplicationInfo(applicationId, applicationName, startTime, endTime, user, endTime >= 0, attemptId);
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

  /** One stage attempt, or null. */
  public synchronized StageData stage(int stageId, int attempt) {
    LiveStage stage = stages.get(key(stageId, attempt));
    return stage == null ? null : stage.snapshot();
  }

  /** The task attempts of one stage attempt, in launch order; null for an unknown attempt. */
  public synchronized List<TaskData> tasks(int stageId, int attempt) {
    LiveStage stage = stages.get(key(stageId, attempt));
    return stage == null ? null : stage.tasks();
  }

  /** Executors, the driver first; {@code includeRemoved} for /allexecutors. */
  public List<ExecutorSummary> executors(boolean includeRemoved) {
    long memory = 0;
    long disk = 0;
    for (io.spindle.storage.BlockStore.RddBlock b : driverBlocks.get()) {
      memory += b.memoryBytes();
      disk += b.diskBytes();
    }
    List<ExecutorSummary> out = new ArrayList<>();
    synchronized (this) {
      for (LiveExecutor e : executors.values()) {
        if (includeRemoved || e.isActive()) {
          long executorMemory = 0;
          long executorDisk = 0;
          for (io.spindle.scheduler.BlockUpdateInfo b : executorBlocks.getOrDefault(e.id, Map.of()).values()) {
            executorMemory += b.memorySize();
            executorDisk += b.diskSize();
          }
          out.add(DRIVER.equals(e.id) ? e.snapshot(memory + executorMemory, disk + executorDisk)
              : e.snapshot(executorMemory, executorDisk));
        }
      }
    }
    return out;
  }
}
