package io.spindle.scheduler;

import io.spindle.function.TaskLocality;
import io.spindle.config.SpindleConfigs;
import io.spindle.util.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Turns task sets into task attempts on free slots and handles their ends: retries failed tasks,
 * aborts a set whose task failed {@code spindle.task.maxFailures} times, and reports every end
 * to the DAG scheduler. Sets run in priority order (FIFO by job).
 *
 * <p>Placement follows Spark: each set offers its tasks level by level (PROCESS_LOCAL, NODE_LOCAL,
 * NO_PREF, RACK_LOCAL, ANY), and delay scheduling ({@code spindle.locality.wait}) holds a task back
 * from a worse level for a while. Levels only count where executors are alive, so tasks preferring
 * hosts without executors run at once. In local mode every offer comes from the one executor on
 * "localhost", which can take any pending task at the best level the set has, so the wait never
 * holds a task back there. While a set declines free slots to wait, a timer revives offers every
 * {@link #REVIVE_INTERVAL_MS} ms so the wait can expire even when no task ends.
 *
 * <p>Locality waits are measured on the {@link Clock} given at construction ({@link Clock#SYSTEM}
 * unless a test brings its own); the revive tick itself runs on real time.
 *
 * <p>Exclusion and speculation (docs/fault-tolerance.md): with {@code spindle.excludeOnFailure.enabled}
 * offers from executors and hosts the {@link HealthTracker} excludes are not used, each set keeps its
 * own {@link TaskSetExcludelist}, and a set with a task that can run on no live executor fails
 * with a message naming the exclusions. With {@code spindle.speculation} a timer checks every
 * {@code spindle.speculation.interval} for stragglers (on the clock) and revives offers when it
 * marked one; when an attempt succeeds, the other attempts of its partition are killed through
 * {@link SchedulerBackend#killTask} (a backend that cannot kill lets them run: their results are
 * ignored, and an output task among them is denied its commit).
 *
 * <p>Thread-safety: the backend calls in from its threads; state is guarded by this object's
 * lock, and the lock is never held while calling the backend or the DAG scheduler.
 */
public final class TaskScheduler implements TaskSubmitter {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TaskScheduler.class);
  static final long REVIVE_INTERVAL_MS = 100;

  /** One daemon thread for the revive ticks of every scheduler in this JVM; ticks are short. */
  private static final ScheduledExecutorService REVIVE_TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "spindle-locality-revive");
    t.setDaemon(true);
    return t;
  });

  private final int maxFailures;
  private final LocalityWaits waits;
  private final Clock clock;
  private final HostNormalizer names;
  private final boolean reviveTimer;
  private final SpeculationSettings speculation;
  private final HealthTracker health; // null unless spindle.excludeOnFailure.enabled
  private final boolean killExcludedExecutors;
  private final long unschedulableTimeoutMillis;
  private ScheduledFuture<?> speculationTick;
  private final AtomicLong nextTaskId = new AtomicLong();
  private final List<TaskSetManager> sets = new ArrayList<>();
  private final Map<Long, TaskSetManager> taskToSet = new HashMap<>();
  private final LiveExecutors cluster = new LiveExecutors();
  private volatile java.util.function.Consumer<ExecutorDemand> demandListener = d -> {};
  private SchedulerBackend backend;
  private TaskEventSink sink;
  private ScheduledFuture<?> reviveTick;
  private boolean stopped;

  public TaskScheduler(io.spindle.config.Settings conf) {
    this(conf, Clock.SYSTEM);
  }

  /** Locality waits measured on {@code clock}. */
  public TaskScheduler(io.spindle.config.Settings conf, Clock clock) {
    this(conf.get(SpindleConfigs.TASK_MAX_FAILURES), LocalityWaits.fromConf(conf), clock,
        HostNormalizer.resolving(), true, ExclusionSettings.fromConf(conf), SpeculationSettings.fromConf(conf));
  }

  /**
   * For tests and backends that bring their own parts: a clock, a host name normaliser, and
   * whether a timer revives offers while locality waits run (tests call
   * {@link #checkLocalityWaits()} themselves).
   */
  TaskScheduler(int maxFailures, LocalityWaits waits, Clock clock, HostNormalizer names, boolean reviveTimer) {
    this(maxFailures, waits, clock, names, reviveTimer, ExclusionSettings.DISABLED, SpeculationSettings.DISABLED);
  }

  /** As above, with exclusion and speculation settings (timers only with {@code reviveTimer}). */
  TaskScheduler(int maxFailures, LocalityWaits waits, Clock clock, HostNormalizer names, boolean reviveTimer,
      ExclusionSettings exclusion, SpeculationSettings speculation) {
    this.speculation = speculation;
    this.health = exclusion.enabled() ? new HealthTracker(exclusion, clock) : null;
    this.killExcludedExecutors = exclusion.enabled() && exclusion.killExcludedExecutors();
    this.unschedulableTimeoutMillis = exclusion.unschedulableTimeoutMillis();
    this.maxFailures = maxFailures;
    this.waits = waits;
    this.clock = clock;
    this.names = names;
    this.reviveTimer = reviveTimer;
  }

  public void initialize(SchedulerBackend backend, TaskEventSink sink) {
    this.backend = backend;
    this.sink = sink;
    synchronized (this) {
      if (speculation.enabled() && reviveTimer && speculationTick == null) {
        speculationTick = REVIVE_TIMER.scheduleWithFixedDelay(this::checkSpeculatableTasks,
            speculation.intervalMillis(), speculation.intervalMillis(), TimeUnit.MILLISECONDS);
      }
    }
  }

  /**
   * The speculation tick: marks stragglers in every active set and, if it marked any, asks the
   * backend for offers so their copies launch. Tests call it by hand.
   */
  void checkSpeculatableTasks() {
    boolean found = false;
    synchronized (this) {
      if (stopped || !speculation.enabled()) {
        return;
      }
      for (TaskSetManager set : sets) {
        found |= set.checkSpeculatableTasks(speculation);
      }
    }
    if (found) {
      backend.reviveOffers();
    }
  }

  /** Executors excluded for the whole application now (none unless exclusion is on). */
  public synchronized java.util.Set<String> excludedExecutors() {
    return health == null ? java.util.Set.of() : health.excludedExecutors();
  }

  /** Where hosts' racks come from (the YARN backend installs Hadoop's topology); set before jobs run. */
  public synchronized void setRackResolver(RackResolver racks) {
    cluster.setRackResolver(racks);
  }

  /**
   * Who hears about the pending tasks' {@link ExecutorDemand}: called (outside this scheduler's
   * lock) when a task set is submitted and when one ends, so a launcher can request executors
   * once there is work and where it is; {@link #demand()} gives it between those events.
   */
  public void setDemandListener(java.util.function.Consumer<ExecutorDemand> listener) {
    this.demandListener = listener;
  }

  /** The pending tasks of the active task sets and the hosts they prefer (O(tasks)). */
  public synchronized ExecutorDemand demand() {
    ExecutorDemand.Builder b = new ExecutorDemand.Builder();
    for (TaskSetManager set : sets) {
      set.addPendingTo(b);
    }
    return b.build();
  }

  private void demandChanged() {
    demandListener.accept(demand());
  }

  /** An executor registered (offers register unknown executors too). */
  public void executorAdded(String executorId, String host) {
    String normalized = names.normalize(host);
    synchronized (this) {
      if (cluster.add(executorId, normalized)) {
        recomputeLocality();
      }
    }
  }

  /** An executor is gone: sets stop waiting for it. Its running tasks are reported by the backend. */
  public synchronized void executorRemoved(String executorId) {
    if (cluster.remove(executorId)) {
      recomputeLocality();
    }
  }

  private void recomputeLocality() { // holds this
    for (TaskSetManager set : sets) {
      set.recomputeLocality();
    }
  }

  /** Tells listeners that an executor registered (the cluster backend calls it; scheduling learns from offers). */
  public void reportExecutorAdded(String executorId, String host, int cores) {
    if (sink != null) {
      sink.executorAdded(executorId, host, cores);
    }
  }

  /** As {@link #reportExecutorAdded(String, String, int)}, with links to the executor's logs. */
  public void reportExecutorAdded(String executorId, String host, int cores, java.util.Map<String, String> logUrls) {
    if (sink != null) {
      sink.executorAdded(executorId, host, cores, logUrls);
    }
  }

  /** Tells listeners that an executor's block store is up, with {@code maxMemory} bytes of memory. */
  public void reportBlockManagerAdded(String executorId, String host, long maxMemory) {
    if (sink != null) {
      sink.blockManagerAdded(executorId, host, maxMemory);
    }
  }

  /** Tells listeners that an executor's cached partition changed. */
  public void reportBlockUpdated(BlockUpdateInfo update) {
    if (sink != null) {
      sink.blockUpdated(update);
    }
  }

  /** Tells listeners that an executor is gone, and why. */
  public void reportExecutorRemoved(String executorId, String reason) {
    if (sink != null) {
      sink.executorRemoved(executorId, reason);
    }
  }

  @Override
  public void submitTasks(TaskSet taskSet) {
    // Host names are resolved outside the lock: a name service lookup must not stall the backend.
    List<List<TaskLocation>> preferred = TaskLocation.parseAll(taskSet.preferredHosts(),
        taskSet.partitions().size(), names);
    synchronized (this) {
      sets.add(new TaskSetManager(taskSet, preferred, maxFailures, waits, cluster, clock, health));
      sets.sort(Comparator.comparingInt((TaskSetManager m) -> m.taskSet().priority())
          .thenComparingInt(m -> m.taskSet().stageId()));
    }
    demandChanged();
    backend.reviveOffers();
  }

  /** Stops launching tasks of a stage (its job is over); running ones finish and are ignored. */
  @Override
  public void cancelStage(int stageId) {
    synchronized (this) {
      for (TaskSetManager m : sets) {
        if (m.taskSet().stageId() == stageId) {
          m.abort();
        }
      }
      sets.removeIf(m -> m.isZombie() && m.runningCount() == 0);
    }
    demandChanged();
  }

  /** Kills the running tasks of {@code stageId}'s task sets through the backend (a cancelled job). */
  @Override
  public void killTasks(int stageId, boolean interrupt, String reason) {
    List<Long> running = new ArrayList<>();
    synchronized (this) {
      taskToSet.forEach((taskId, set) -> {
        if (set.taskSet().stageId() == stageId) {
          running.add(taskId);
        }
      });
    }
    for (long taskId : running) {
      backend.killTask(taskId, interrupt, reason);
    }
  }

  /**
   * Assigns pending tasks to the offered slots. For each set in priority order and each of its
   * locality levels, offers go round-robin (one task per offer per pass) until none launches, so
   * local slots are filled before less local ones and tasks spread over executors.
   */
  public List<TaskDescription> resourceOffers(List<WorkerOffer> offers) {
    String[] hosts = new String[offers.size()];
    for (int i = 0; i < hosts.length; i++) {
      hosts[i] = names.normalize(offers.get(i).host()); // outside the lock: may ask the name service once
    }
    List<TaskSetManager> unschedulable = new ArrayList<>();
    List<TaskDescription> launched;
    synchronized (this) {
      launched = launchTasks(offers, hosts, unschedulable);
    }
    for (TaskSetManager set : unschedulable) { // outside the lock: the sink posts to the DAG scheduler
      LOG.error("{}", set.abortReason());
      sink.taskSetFailed(set.taskSet().stageId(), set.abortReason(), set.abortCause());
    }
    if (!unschedulable.isEmpty()) {
      demandChanged();
    }
    return launched;
  }

  private List<TaskDescription> launchTasks(List<WorkerOffer> offers, String[] hosts,
      List<TaskSetManager> unschedulable) {
    int n = offers.size();
    int[] free = new int[n];
    for (int i = 0; i < n; i++) {
      WorkerOffer offer = offers.get(i);
      free[i] = offer.freeSlots();
      if (cluster.add(offer.executorId(), hosts[i])) {
        recomputeLocality();
      }
      if (health != null && health.isExcluded(offer.executorId(), hosts[i])) {
        free[i] = 0; // excluded for the application: its slots stay unused until the timeout
      }
    }
    List<TaskDescription> launched = new ArrayList<>();
    for (TaskSetManager set : sets) {
      int before = launched.size();
      for (TaskLocality maxLocality : set.localityLevels()) {
        boolean launchedAny;
        do {
          launchedAny = false;
          for (int i = 0; i < n && set.hasPendingOrSpeculatable(); i++) {
            if (free[i] <= 0) {
              continue;
            }
            long id = nextTaskId.get();
            TaskDescription task = set.resourceOffer(offers.get(i).executorId(), hosts[i], maxLocality, id);
            if (task != null) {
              nextTaskId.incrementAndGet();
              taskToSet.put(id, set);
              launched.add(task);
              sink.taskStarted(task, offers.get(i).executorId(), hosts[i]); // only posts an event
              free[i]--;
              launchedAny = true;
            }
          }
        } while (launchedAny);
      }
      if (health != null && launched.size() == before && set.hasPending()) {
        int stuck = set.completelyExcludedTask();
        if (stuck < 0) {
          set.unschedulableSince = -1;
        } else if (!backend.mayAddExecutors()
            || (set.unschedulableSince >= 0 && nowMillis() - set.unschedulableSince >= unschedulableTimeoutMillis)) {
          set.abortUnschedulable(stuck);
          unschedulable.add(set);
        } else if (set.unschedulableSince < 0) {
          set.unschedulableSince = nowMillis();
          LOG.warn("Stage {}: a task is excluded from every live executor; waiting up to {} ms for another executor "
              + "(spindle.scheduler.excludeOnFailure.unschedulableTaskSetTimeout)", set.taskSet().name(),
              unschedulableTimeoutMillis);
        }
      } else if (launched.size() > before) {
        set.unschedulableSince = -1;
      }
    }
    for (TaskSetManager set : unschedulable) {
      if (set.runningCount() == 0) {
        sets.remove(set);
      }
    }
    boolean slotsLeft = false;
    for (int f : free) {
      slotsLeft |= f > 0;
    }
    if (slotsLeft && anySetWaitingForLocality()) {
      startReviveTick();
    }
    return launched;
  }

  /**
   * The revive tick: while some set declines slots to wait for locality, ask the backend for
   * offers so the set relaxes when its wait expires; stops ticking when no set waits.
   */
  void checkLocalityWaits() {
    synchronized (this) {
      if (stopped || !anySetWaitingForLocality()) {
        if (reviveTick != null) {
          reviveTick.cancel(false);
          reviveTick = null;
        }
        return;
      }
    }
    backend.reviveOffers();
  }

  private boolean anySetWaitingForLocality() {
    for (TaskSetManager set : sets) {
      if (set.waitingForLocality()) {
        return true;
      }
    }
    return false;
  }

  private void startReviveTick() {
    if (reviveTimer && reviveTick == null && !stopped) {
      reviveTick = REVIVE_TIMER.scheduleWithFixedDelay(this::checkLocalityWaits, REVIVE_INTERVAL_MS,
          REVIVE_INTERVAL_MS, TimeUnit.MILLISECONDS);
    }
  }

  private long nowMillis() {
    return clock.nanoTime() / 1_000_000;
  }

  /** Stops the revive tick; called when the context closes. */
  public synchronized void stop() {
    stopped = true;
    if (speculationTick != null) {
      speculationTick.cancel(false);
      speculationTick = null;
    }
    if (reviveTick != null) {
      reviveTick.cancel(false);
      reviveTick = null;
    }
  }

  /** Called by the backend when an attempt ends. */
  public void statusUpdate(TaskDescription task, String executorId, TaskResult result) {
    TaskSetManager.Outcome outcome;
    TaskSetManager set;
    boolean setEnded = false;
    List<Long> losers;
    List<String> excludedNow = List.of();
    synchronized (this) {
      set = taskToSet.remove(task.taskId());
      if (set == null) {
        return;
      }
      outcome = set.taskEnded(task.taskId(), task, result);
      losers = set.attemptsToKill();
      if (outcome == TaskSetManager.Outcome.FINISHED && health != null && set.excludelist() != null) {
        excludedNow = health.taskSetSucceeded(set.taskSet().name(), set.excludelist().failuresByExecutor());
      }
      if (set.isZombie() && set.runningCount() == 0) {
        setEnded = sets.remove(set);
      }
    }
    for (long loser : losers) {
      // Spark kills the other attempts once one succeeded; a backend that cannot kill lets them run
      // (their results are ignored, and the coordinator denies an output task's commit).
      backend.killTask(loser, true, "another attempt of task " + task.partitionIndex() + " in stage "
          + task.stageId() + "." + task.stageAttempt() + " succeeded");
    }
    if (killExcludedExecutors) {
      for (String executor : excludedNow) {
        backend.killExecutor(executor, "excluded for the application after repeated task failures "
            + "(spindle.excludeOnFailure.killExcludedExecutors)");
      }
    }
    if (setEnded) {
      demandChanged();
    }
    sink.taskEnded(task, executorId, result);
    if (outcome == TaskSetManager.Outcome.ABORTED && set.abortReason() != null) {
      sink.taskSetFailed(task.stageId(), set.abortReason(), set.abortCause());
    }
    if (!result.succeeded()) {
      backend.reviveOffers(); // the retry may run on the slot just freed
    }
  }
}
