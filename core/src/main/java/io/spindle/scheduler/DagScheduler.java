package io.spindle.scheduler;

import io.spindle.rdd.RddNode;
import io.spindle.function.PartitionFunction;
import io.spindle.function.JobFailedException;
import io.spindle.function.SpindleException;
import io.spindle.function.SpindleListener;
import io.spindle.function.SpindleListener.StageInfo;
import io.spindle.function.SpindleListener.TaskInfo;
import io.spindle.accumulator.AccumulatorContext;
import io.spindle.config.SpindleConfigs;
import io.spindle.output.OutputCommitCoordinator;
import io.spindle.rdd.Partition;
import io.spindle.scheduler.DagSchedulerEvent.ExecutorAdded;
import io.spindle.scheduler.DagSchedulerEvent.ExecutorRemoved;
import io.spindle.scheduler.DagSchedulerEvent.JobSubmitted;
import io.spindle.scheduler.DagSchedulerEvent.JobsCancelled;
import io.spindle.scheduler.DagSchedulerEvent.ResubmitFailedStages;
import io.spindle.scheduler.DagSchedulerEvent.SchedulerStopped;
import io.spindle.scheduler.DagSchedulerEvent.TaskEnded;
import io.spindle.scheduler.DagSchedulerEvent.TaskSetFailed;
import io.spindle.scheduler.DagSchedulerEvent.TaskStarted;
import io.spindle.serializer.ClosureSerializer;
import io.spindle.shuffle.FetchFailedException;
import io.spindle.shuffle.MapStatus;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns actions into stages and stages into task sets. Parents run before children; a shuffle
 * map stage whose outputs all exist is skipped. All state changes happen on one event thread:
 * every public entry point just posts a {@link DagSchedulerEvent} to the
 * {@link DagSchedulerEventLoop}, which hands them to {@link #onEvent} one at a time, so nothing
 * here needs a lock.
 *
 * <p>Fetch failures (Spark's design): a task that cannot read shuffle output ends its stage
 * attempt, the lost map outputs are unregistered ({@link LostMapOutputs}), and after
 * {@link #RESUBMIT_DELAY_MS} (so that the other failures of the same loss arrive and coalesce)
 * the map stage re-runs only its missing partitions and the failed stage follows. Tasks of the
 * failed attempt that still run may finish; their results count. A stage whose attempts fail so
 * {@code spindle.stage.maxConsecutiveAttempts} times in a row aborts its jobs.
 */
public final class DagScheduler implements TaskEventSink {
  private static final Logger LOG = LoggerFactory.getLogger(DagScheduler.class);
  /** Spark's RESUBMIT_TIMEOUT: wait for more fetch failures before resubmitting. */
  static final long RESUBMIT_DELAY_MS = 200;
  /** One daemon thread for the resubmit delays of every scheduler in this JVM; it only posts events. */
  private static final ScheduledExecutorService RESUBMIT_TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "spindle-stage-resubmit");
    t.setDaemon(true);
    return t;
  });

  /** Runs an action after a delay (the resubmit delay); unit tests fire it by hand. */
  @FunctionalInterface
  interface DelayedActions {
    /** Production: the shared {@code spindle-stage-resubmit} timer thread. */
    DelayedActions TIMER_THREAD = (action, delayMillis) ->
        RESUBMIT_TIMER.schedule(action, delayMillis, TimeUnit.MILLISECONDS);

    void schedule(Runnable action, long delayMillis);
  }

  private final TaskSubmitter taskScheduler;
  private final MapOutputTracker mapOutputs;
  private final OutputCommitCoordinator commitCoordinator;
  private final int maxConsecutiveAttempts;
  private final DelayedActions delayed;
  /** Where executors cache RDD partitions (event thread only): tasks are placed there. */
  private final CacheLocations cacheLocations = new CacheLocations();
  /** Called on the event thread itself: engine parts that must act before the next scheduling step. */
  private final List<SpindleListener> listeners = new CopyOnWriteArrayList<>();
  /** Everything else hears events through the asynchronous bus; null when none was set (unit tests). */
  private volatile ListenerBus listenerBus;
  private final AtomicInteger nextJobId = new AtomicInteger();
  private final DagSchedulerEventLoop events;
  private volatile boolean stopped;

  // Event-thread state.
  private final StageGraph graph = new StageGraph();
  private final Set<Stage> waiting = new HashSet<>();
  private final Set<Stage> running = new HashSet<>();
  /** Stages to resubmit after a fetch failure (the failed ones and the map stages they read). */
  private final Set<Stage> failedStages = new HashSet<>();
  /** Which map outputs come from tasks that started before their shuffle service was declared lost. */
  private final MapOutputEpochs epochs = new MapOutputEpochs();
  private final List<ActiveJob> activeJobs = new ArrayList<>();
  /** Map stages an earlier driver attempt finished (AM restart), and journaling of the ones this one finishes. */
  private final MapStageRecovery recovery = new MapStageRecovery(MapStageJournal.current());
  /** The scheduler stopped: a job that slipped in after the stop event fails at once. */
  private boolean closed;

  public DagScheduler(TaskSubmitter taskScheduler, MapOutputTracker mapOutputs,
      OutputCommitCoordinator commitCoordinator) {
    this(taskScheduler, mapOutputs, commitCoordinator,
        Integer.parseInt(SpindleConfigs.STAGE_MAX_CONSECUTIVE_ATTEMPTS.defaultValue()));
  }

  /** @param maxConsecutiveAttempts {@code spindle.stage.maxConsecutiveAttempts} */
  public DagScheduler(TaskSubmitter taskScheduler, MapOutputTracker mapOutputs,
      OutputCommitCoordinator commitCoordinator, int maxConsecutiveAttempts) {
    this(taskScheduler, mapOutputs, commitCoordinator, maxConsecutiveAttempts, false, DelayedActions.TIMER_THREAD);
  }

  /**
   * For unit tests: with {@code eventsOnCallerThread} every event is handled on the thread that
   * posts it, before the call returns (no event thread; {@link #start()} does nothing), and the
   * resubmit delay after a fetch failure runs on {@code delayed}.
   */
  DagScheduler(TaskSubmitter taskScheduler, MapOutputTracker mapOutputs, OutputCommitCoordinator commitCoordinator,
      int maxConsecutiveAttempts, boolean eventsOnCallerThread, DelayedActions delayed) {
    this.maxConsecutiveAttempts = maxConsecutiveAttempts;
    this.taskScheduler = taskScheduler;
    this.mapOutputs = mapOutputs;
    this.commitCoordinator = commitCoordinator;
    this.delayed = delayed;
    this.events = eventsOnCallerThread
        ? DagSchedulerEventLoop.callerRuns(this::onEvent, this::onEventFailed)
        : DagSchedulerEventLoop.onThread("spindle-dag-scheduler", this::onEvent, this::onEventFailed);
  }

  public void start() {
    events.start();
  }

  /** Fails the jobs still running (an action on another thread) instead of letting them wait forever. */
  public void stop() {
    stopped = true; // runJob refuses new jobs from now on
    events.stop(10_000);
  }

  /**
   * Adds a listener called on the scheduler's event thread, before the scheduler goes on: only for
   * engine parts (and fault-injecting tests) that must act at that point; everything else belongs on
   * the {@link ListenerBus}.
   */
  public void addListener(SpindleListener listener) {
    listeners.add(listener);
  }

  /** Events also go to this bus, after the synchronous listeners heard them. */
  public void setListenerBus(ListenerBus bus) {
    this.listenerBus = bus;
  }

  /**
   * Runs {@code function} on the given partitions of {@code rdd} and hands each result to
   * {@code resultHandler} (with the partition's position in {@code partitions}); blocks until done.
   */
  public <T, U> void runJob(RddNode<T> rdd, PartitionFunction<T, U> function, int[] partitions,
      BiConsumer<Integer, U> resultHandler) {
    if (stopped) {
      throw new SpindleException("The SpindleContext was closed; create a new one to run jobs.");
    }
    JobWaiter<U> waiter = submitJob(rdd, function, partitions, resultHandler, io.spindle.util.CallSite.ofCaller());
    if (waiter != null) {
      waiter.await();
    }
  }

  /** Local-property keys of a job (Spark's): its group, description and whether cancelling it interrupts tasks. */
  public static final String JOB_GROUP_ID = "spindle.jobGroup.id";
  public static final String JOB_DESCRIPTION = "spindle.job.description";
  public static final String JOB_INTERRUPT_ON_CANCEL = "spindle.job.interruptOnCancel";

  /**
   * {@link #runJob} with the caller's local properties (job group, description, interruptOnCancel),
   * which cancellation by group reads.
   */
  public <T, U> void runJob(RddNode<T> rdd, PartitionFunction<T, U> function, int[] partitions,
      BiConsumer<Integer, U> resultHandler, java.util.Properties properties) {
    if (stopped) {
      throw new SpindleException("The SpindleContext was closed; create a new one to run jobs.");
    }
    JobWaiter<U> waiter = submitJob(rdd, function, partitions, resultHandler, io.spindle.util.CallSite.ofCaller(),
        properties);
    if (waiter != null) {
      waiter.await();
    }
  }

  /**
   * Posts the job and returns its waiter at once (async actions); a job with no partitions gets a
   * waiter that is done already.
   */
  public <T, U> JobWaiter<U> submitJob(RddNode<T> rdd, PartitionFunction<T, U> function, int[] partitions,
      BiConsumer<Integer, U> resultHandler, String callSite, java.util.Properties properties) {
    if (stopped) {
      throw new SpindleException("The SpindleContext was closed; create a new one to run jobs.");
    }
    if (partitions.length == 0) {
      JobWaiter<U> done = new JobWaiter<>(resultHandler);
      done.jobSucceeded();
      return done;
    }
    return submitJob(rdd, function, partitions, resultHandler, callSite, job -> job.properties.putAll(properties));
  }

  /** Cancels the active jobs of job group {@code groupId} (Spark's cancelJobGroup). */
  public void cancelJobGroup(String groupId) {
    events.post(new JobsCancelled(groupId, null, false, "part of cancelled job group " + groupId));
  }

  /** Cancels every active job. */
  public void cancelAllJobs() {
    events.post(new JobsCancelled(null, null, false, "as part of cancellation of all jobs"));
  }

  /** Cancels one job; {@code interrupt} interrupts its running tasks even if its properties do not ask for it. */
  public void cancelJob(int jobId, boolean interrupt) {
    events.post(new JobsCancelled(null, jobId, interrupt, "cancelled"));
  }

  /**
   * Posts the job and returns at once (Spark's submitJob); null when there are no partitions to
   * compute. {@code callSite} is taken on the caller's thread: its stack names the action.
   */
  <T, U> JobWaiter<U> submitJob(RddNode<T> rdd, PartitionFunction<T, U> function, int[] partitions,
      BiConsumer<Integer, U> resultHandler, String callSite) {
    return submitJob(rdd, function, partitions, resultHandler, callSite, job -> { });
  }

  private <T, U> JobWaiter<U> submitJob(RddNode<T> rdd, PartitionFunction<T, U> function, int[] partitions,
      BiConsumer<Integer, U> resultHandler, String callSite, java.util.function.Consumer<ActiveJob> setUp) {
    int jobId = nextJobId.getAndIncrement();
    JobWaiter<U> waiter = new JobWaiter<>(resultHandler);
    if (partitions.length == 0) {
      return null;
    }
    waiter.setJobId(jobId);
    ActiveJob job = new ActiveJob(jobId, rdd, function, partitions, waiter);
    job.callSite = callSite;
    setUp.accept(job);
    events.post(new JobSubmitted(job));
    return waiter;
  }

  // ---- TaskEventSink: called from backend threads; only post events.

  @Override
  public void taskEnded(TaskDescription task, String executorId, TaskResult result) {
    events.post(new TaskEnded(task, executorId, result));
  }

  @Override
  public void taskSetFailed(int stageId, String reason, Throwable cause) {
    events.post(new TaskSetFailed(stageId, reason, cause));
  }

  @Override
  public void taskStarted(TaskDescription task, String executorId, String host) {
    events.post(new TaskStarted(task, executorId, host));
  }

  @Override
  public void executorAdded(String executorId, String host, int cores) {
    events.post(new ExecutorAdded(executorId, host, cores));
  }

  @Override
  public void executorAdded(String executorId, String host, int cores, java.util.Map<String, String> logUrls) {
    events.post(new ExecutorAdded(executorId, host, cores, java.util.Map.copyOf(logUrls)));
  }

  @Override
  public void executorRemoved(String executorId, String reason) {
    events.post(new ExecutorRemoved(executorId, reason));
  }

  @Override
  public void blockUpdated(BlockUpdateInfo update) {
    events.post(new DagSchedulerEvent.BlockUpdated(update));
  }

  @Override
  public void blockManagerAdded(String executorId, String host, long maxMemory) {
    events.post(new DagSchedulerEvent.BlockManagerAdded(executorId, host, maxMemory));
  }

  // ---- Event handlers (event thread only).

  /** Dispatches one event to its handler (Spark's doOnReceive). */
  private void onEvent(DagSchedulerEvent event) {
    if (event instanceof JobSubmitted e) {
      handleJobSubmitted(e.job());
    } else if (event instanceof TaskStarted e) {
      handleTaskStarted(e.task(), e.executorId(), e.host());
    } else if (event instanceof TaskEnded e) {
      handleTaskEnded(e.task(), e.executorId(), e.result());
    } else if (event instanceof TaskSetFailed e) {
      handleTaskSetFailed(e.stageId(), e.reason(), e.cause());
    } else if (event instanceof ExecutorAdded e) {
      cacheLocations.executorAdded(e.executorId(), e.host());
      SpindleListener.ExecutorInfo info = new SpindleListener.ExecutorInfo(e.executorId(), e.host(), e.cores());
      notifyListeners(l -> {
        if (l instanceof EngineListener engine) {
          engine.onExecutorAdded(info, e.logUrls());
        } else {
          l.onExecutorAdded(info);
        }
      });
    } else if (event instanceof ExecutorRemoved e) {
      cacheLocations.executorRemoved(e.executorId());
      notifyListeners(l -> l.onExecutorRemoved(e.executorId(), e.reason()));
    } else if (event instanceof DagSchedulerEvent.BlockManagerAdded e) {
      notifyListeners(l -> {
        if (l instanceof EngineListener engine) {
          engine.onBlockManagerAdded(e.executorId(), e.host(), e.maxMemory());
        }
      });
    } else if (event instanceof DagSchedulerEvent.BlockUpdated e) {
      cacheLocations.blockUpdated(e.update());
      notifyListeners(l -> {
        if (l instanceof EngineListener engine) {
          engine.onBlockUpdated(e.update());
        }
      });
    } else if (event instanceof ResubmitFailedStages) {
      resubmitFailedStages();
    } else if (event instanceof JobsCancelled e) {
      handleJobsCancelled(e);
    } else if (event instanceof SchedulerStopped) {
      handleSchedulerStopped();
    } else {
      throw new IllegalStateException("Unknown DAG scheduler event " + event);
    }
  }

  /** A handler threw: the scheduler's state may be inconsistent, so every active job fails. */
  private void onEventFailed(Throwable t) {
    LOG.error("DAG scheduler event failed; failing all active jobs", t);
    for (ActiveJob job : new ArrayList<>(activeJobs)) {
      failJob(job, new JobFailedException("Internal scheduler error: " + t, t));
    }
  }

  private void handleSchedulerStopped() {
    closed = true;
    for (ActiveJob job : new ArrayList<>(activeJobs)) {
      failJob(job, new SpindleException("The SpindleContext was closed while job " + job.jobId + " was running"));
    }
  }

  private void handleTaskStarted(TaskDescription task, String executorId, String host) {
    epochs.taskStarted(task.taskId());
    SpindleListener.TaskStartInfo info = new SpindleListener.TaskStartInfo(task.taskId(), task.stageId(),
        task.stageAttempt(), task.partitionIndex(), task.attemptNumber(), executorId, host, task.locality());
    notifyListeners(l -> l.onTaskStart(info));
  }

  private void handleJobSubmitted(ActiveJob job) {
    if (closed) {
      job.waiter.jobFailed(new SpindleException("The SpindleContext was closed; create a new one to run jobs."));
      return;
    }
    ResultStage finalStage;
    try {
      finalStage = graph.newResultStage(job);
      job.finalStage = finalStage;
      activeJobs.add(job);
      // Serialize every stage body the job may run now, so a closure that cannot be serialized
      // fails the action before any task runs.
      for (Stage stage : graph.stagesOf(finalStage)) {
        if (stage instanceof ShuffleMapStage s && (s.isAvailable() || recovery.tryRestore(s))) {
          // Register even a map stage that never ran: one with no partitions is born complete.
          mapOutputs.register(s.dependency.shuffleId(), s.outputs());
        } else if (stage.taskBinary == null) {
          stage.taskBinary = ClosureSerializer.serialize(stage.body(), stage.name());
        }
      }
    } catch (RuntimeException e) {
      if (job.finalStage != null) {
        failJob(job, e instanceof SpindleException se ? se : new JobFailedException("Job " + job.jobId + " failed: " + e, e));
      } else {
        job.waiter.jobFailed(e instanceof SpindleException se ? se : new JobFailedException(e.toString(), e));
      }
      return;
    }
    List<Integer> stageIds = new ArrayList<>();
    List<StageDetails> details = new ArrayList<>();
    for (Stage s : graph.stagesOf(finalStage)) {
      stageIds.add(s.id);
      details.add(StageDetails.of(s));
    }
    notifyListeners(l -> {
      if (l instanceof EngineListener engine) {
        engine.onJobStages(job.jobId, details);
      }
    });
    notifyListeners(l -> l.onJobStart(job.jobId, stageIds, job.callSite));
    submitStage(finalStage);
  }

  private void submitStage(Stage stage) {
    if (waiting.contains(stage) || running.contains(stage) || failedStages.contains(stage)) {
      return;
    }
    List<ShuffleMapStage> missing = new ArrayList<>();
    for (ShuffleMapStage parent : stage.parents) {
      if (!parent.isAvailable()) {
        missing.add(parent);
      }
    }
    if (missing.isEmpty()) {
      submitMissingTasks(stage);
    } else {
      for (ShuffleMapStage parent : missing) {
        submitStage(parent);
      }
      waiting.add(stage);
    }
  }

  private void submitMissingTasks(Stage stage) {
    List<Integer> missing = stage.missingPartitions();
    stage.attempt++;
    stage.pendingPartitions.clear();
    stage.pendingPartitions.addAll(missing);
    stage.numTasks = missing.size();
    running.add(stage);
    StageInfo info = info(stage);
    notifyListeners(l -> l.onStageSubmitted(info));
    if (missing.isEmpty()) {
      stageFinished(stage);
      return;
    }
    if (stage.taskBinary == null) {
      stage.taskBinary = ClosureSerializer.serialize(stage.body(), stage.name());
    }
    Partition[] all = stage.rdd.partitions();
    List<Partition> partitions = new ArrayList<>();
    List<List<String>> hosts = new ArrayList<>();
    for (int p : missing) {
      partitions.add(all[p]);
      hosts.add(cacheLocations.preferredLocations(stage.rdd, all[p]));
    }
    int priority = stage.jobIds.stream().mapToInt(Integer::intValue).min().orElse(Integer.MAX_VALUE);
    taskScheduler.submitTasks(new TaskSet(stage.id, stage.attempt, partitions, hosts, stage.taskBinary, priority));
  }

  private void handleTaskEnded(TaskDescription task, String executorId, TaskResult result) {
    Stage stage = graph.stage(task.stageId());
    String failure = result.succeeded() ? null : String.valueOf(result.failure());
    notifyListeners(l -> l.onTaskEnd(new TaskInfo(task.taskId(), task.stageId(), task.partitionIndex(),
        task.attemptNumber(), executorId, failure, task.locality(), result.metrics())));
    boolean staleOutput = result.succeeded() && result.value() instanceof MapStatus written
        && epochs.isStale(task.taskId(), written);
    epochs.taskEnded(task.taskId());
    if (!result.succeeded()) {
      commitCoordinator.attemptFailed(task.stageId(), task.partitionIndex(), task.taskId());
      if (stage != null && result.failure() instanceof FetchFailedException fetchFailure) {
        handleFetchFailure(stage, task, fetchFailure);
      }
      return; // otherwise the task scheduler retries or gives up
    }
    if (stage == null || !isActive(stage)) {
      return; // the stage's jobs are over
    }
    int partition = task.partitionIndex();
    if (stage instanceof ResultStage rs) {
      ActiveJob job = rs.job;
      Integer outputIndex = job.outputIndex.get(partition);
      if (outputIndex == null || job.finished[outputIndex]) {
        return;
      }
      mergeAccumulators(result); // first success of this output: count its updates once
      try {
        job.waiter.taskSucceeded(outputIndex, result.value());
      } catch (RuntimeException e) {
        failJob(job, new JobFailedException("Job " + job.jobId + " failed handling a task result: " + e, e));
        return;
      }
      job.finished[outputIndex] = true;
      job.numFinished++;
      stage.pendingPartitions.remove(partition);
      if (job.numFinished == job.partitions.length) {
        stageFinished(stage);
        finishJob(job);
        // Posted before the caller is released (as Spark does): after an action, waitForListeners() covers its job's end.
        notifyListeners(l -> l.onJobEnd(job.jobId, true, null));
        job.waiter.jobSucceeded();
      }
    } else {
      ShuffleMapStage ms = (ShuffleMapStage) stage;
      if (ms.firstSuccess(partition)) {
        mergeAccumulators(result); // once per partition, even when a lost output is recomputed
      }
      MapStatus status = (MapStatus) result.value();
      if (staleOutput) {
        // Spark's failedEpoch check: written where a fetch failure has since declared the service lost.
        LOG.info("Ignoring the output of {}: it started before the shuffle service at {}:{} was declared lost; "
            + "the map partition runs again", task.name(), status.host(), status.port());
        ms.pendingPartitions.remove(partition);
        if (running.contains(ms) && ms.pendingPartitions.isEmpty()) {
          stageFinished(ms); // not available: submits the missing partitions again
        }
        return;
      }
      // Also a task of an earlier attempt (e.g. one that failed on a fetch): its output is as good.
      ms.addOutput(partition, status);
      ms.pendingPartitions.remove(partition);
      if (running.contains(ms) && ms.pendingPartitions.isEmpty()) {
        stageFinished(ms);
      }
    }
  }

  /** Running, waiting for parents, or waiting to be resubmitted: its tasks' results still count. */
  private boolean isActive(Stage stage) {
    return running.contains(stage) || waiting.contains(stage) || failedStages.contains(stage);
  }

  private static void mergeAccumulators(TaskResult result) {
    try {
      AccumulatorContext.merge(result.accumulatorUpdates());
    } catch (RuntimeException e) {
      LOG.warn("Could not merge accumulator updates of a task", e); // a user merge() bug must not kill the job
    }
  }

  private void stageFinished(Stage stage) {
    running.remove(stage);
    stage.fetchFailedAttempts.clear(); // "consecutive": an attempt that completes resets the count
    commitCoordinator.stageEnded(stage.id, stage.numPartitions());
    StageInfo info = info(stage);
    notifyListeners(l -> l.onStageCompleted(info));
    if (stage instanceof ShuffleMapStage ms) {
      if (!ms.isAvailable()) { // a task of an older attempt may still be missing: run the rest
        submitStage(ms);
        return;
      }
      mapOutputs.register(ms.dependency.shuffleId(), ms.outputs());
      recovery.finished(ms, ms.outputs());
      for (Stage child : new ArrayList<>(waiting)) {
        if (child.parents.stream().allMatch(ShuffleMapStage::isAvailable)) {
          waiting.remove(child);
          submitMissingTasks(child);
        }
      }
    }
  }

  /**
   * Spark's FetchFailed branch: ends the failed stage attempt, unregisters the lost outputs and
   * queues the failed stage and the map stage for resubmission, or aborts when the stage failed
   * too many consecutive attempts. Failures of an attempt already resubmitted are ignored.
   */
  private void handleFetchFailure(Stage failedStage, TaskDescription task, FetchFailedException failure) {
    if (task.stageAttempt() != failedStage.attempt || failedStage.jobIds.isEmpty()) {
      LOG.info("Ignoring fetch failure of {}: stage attempt {} is over ({})", task.name(), task.stageAttempt(),
          failure.getMessage());
      return;
    }
    failedStage.fetchFailedAttempts.add(task.stageAttempt());
    boolean abort = failedStage.fetchFailedAttempts.size() >= maxConsecutiveAttempts;
    if (running.remove(failedStage)) { // the first fetch failure of this attempt ends it
      LOG.warn("{} failed: {} could not fetch shuffle output ({}); {}", failedStage.name(), task.name(),
          failure.getMessage(), abort ? "giving up" : "re-running the lost map tasks");
      StageInfo info = info(failedStage, "fetch failed: " + failure.getMessage());
      notifyListeners(l -> l.onStageCompleted(info));
    }
    if (failure.serviceLost() && failure.host() != null) {
      epochs.serviceLost(failure.host(), failure.port());
    }
    int dropped = LostMapOutputs.unregister(graph, mapOutputs, failure);
    if (dropped > 0) {
      LOG.info("Unregistered {} map output(s) after: {}", dropped, failure.getMessage());
    }
    if (abort) {
      abortStage(failedStage, failure);
      return;
    }
    if (failedStages.isEmpty()) {
      delayed.schedule(() -> events.post(new ResubmitFailedStages()), RESUBMIT_DELAY_MS);
    }
    failedStages.add(failedStage);
    ShuffleMapStage mapStage = graph.shuffleMapStage(failure.shuffleId());
    if (mapStage != null) {
      failedStages.add(mapStage);
    }
  }

  /** Submits what fetch failures stopped: missing parents first (submitStage sees to that). */
  private void resubmitFailedStages() {
    List<Stage> stages = new ArrayList<>(failedStages);
    failedStages.clear();
    stages.sort(java.util.Comparator.comparingInt((Stage s) -> s.id));
    for (Stage stage : stages) {
      if (!stage.jobIds.isEmpty()) {
        LOG.info("Resubmitting {} after a fetch failure", stage.name());
        submitStage(stage);
      }
    }
  }

  private void abortStage(Stage stage, FetchFailedException last) {
    String reason = stage.name() + " failed " + stage.fetchFailedAttempts.size() + " consecutive attempts because "
        + "shuffle " + last.shuffleId() + " output could not be fetched (spindle.stage.maxConsecutiveAttempts = "
        + maxConsecutiveAttempts + "); most recent fetch failure: " + last.getMessage();
    for (ActiveJob job : new ArrayList<>(activeJobs)) {
      if (graph.stagesOf(job.finalStage).contains(stage)) {
        failJob(job, new JobFailedException("Job " + job.jobId + " aborted: " + reason, last));
      }
    }
  }

  private void handleTaskSetFailed(int stageId, String reason, Throwable cause) {
    Stage failed = graph.stage(stageId);
    if (failed == null) {
      return;
    }
    running.remove(failed);
    for (ActiveJob job : new ArrayList<>(activeJobs)) {
      if (graph.stagesOf(job.finalStage).contains(failed)) {
        failJob(job, new JobFailedException("Job " + job.jobId + " aborted: " + reason, cause));
      }
    }
  }

  /**
   * Fails each matching job with a JobCancelledException, then kills the running tasks of the
   * stages no other job needs (interrupting their threads if asked) and forbids those stages to
   * commit output, so a cancelled save leaves no part file and no _SUCCESS.
   */
  private void handleJobsCancelled(JobsCancelled cancel) {
    for (ActiveJob job : new ArrayList<>(activeJobs)) {
      boolean matches = cancel.jobId() != null ? job.jobId == cancel.jobId()
          : cancel.groupId() == null || cancel.groupId().equals(job.properties.getProperty(JOB_GROUP_ID));
      if (!matches) {
        continue;
      }
      boolean interrupt = cancel.interrupt()
          || Boolean.parseBoolean(job.properties.getProperty(JOB_INTERRUPT_ON_CANCEL, "false"));
      List<Stage> onlyThisJob = new ArrayList<>();
      for (Stage stage : graph.stagesOf(job.finalStage)) {
        if (stage.jobIds.size() == 1 && stage.jobIds.contains(job.jobId)) {
          onlyThisJob.add(stage);
        }
      }
      for (Stage stage : onlyThisJob) {
        commitCoordinator.stageCancelled(stage.id);
      }
      failJob(job, new io.spindle.function.JobCancelledException("Job " + job.jobId + " cancelled " + cancel.reason()));
      for (Stage stage : onlyThisJob) {
        taskScheduler.killTasks(stage.id, interrupt, "job " + job.jobId + " cancelled");
      }
    }
  }

  private void failJob(ActiveJob job, RuntimeException error) {
    finishJob(job);
    String reason = String.valueOf(error.getMessage());
    notifyListeners(l -> l.onJobEnd(job.jobId, false, reason)); // before the caller is released, as on success
    job.waiter.jobFailed(error);
  }

  /** Removes the job and stops stages that no other job needs. */
  private void finishJob(ActiveJob job) {
    if (!activeJobs.remove(job)) {
      return;
    }
    List<Stage> stages = graph.stagesOf(job.finalStage);
    graph.removeJob(job);
    for (Stage stage : stages) {
      if (stage.jobIds.isEmpty()) {
        if (running.remove(stage)) {
          taskScheduler.cancelStage(stage.id);
        }
        waiting.remove(stage);
        failedStages.remove(stage);
      }
    }
  }

  private static StageInfo info(Stage stage) {
    return info(stage, null);
  }

  private static StageInfo info(Stage stage, String failureReason) {
    return new StageInfo(stage.id, stage.attempt, stage.name(), stage.numTasks,
        stage instanceof ShuffleMapStage, failureReason);
  }

  private void notifyListeners(java.util.function.Consumer<SpindleListener> call) {
    for (SpindleListener l : listeners) {
      try {
        call.accept(l);
      } catch (RuntimeException e) {
        LOG.warn("Listener {} failed", l, e);
      }
    }
    ListenerBus bus = listenerBus;
    if (bus != null) {
      bus.post(call);
    }
  }
}
