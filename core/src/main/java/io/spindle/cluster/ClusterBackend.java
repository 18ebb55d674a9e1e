package io.spindle.cluster;

import io.spindle.config.Settings;
import io.spindle.function.SpindleException;
import io.spindle.function.SpindleListener;
import io.spindle.config.SpindleConfigs;
import io.spindle.rpc.RpcConnection;
import io.spindle.rpc.RpcMessage;
import io.spindle.rpc.RpcServer;
import io.spindle.rpc.RpcProtocol;
import io.spindle.rpc.TaskResultSerializer;
import io.spindle.scheduler.SchedulerBackend;
import io.spindle.scheduler.TaskDescription;
import io.spindle.scheduler.TaskResult;
import io.spindle.scheduler.TaskScheduler;
import io.spindle.scheduler.WorkerOffer;
import io.spindle.util.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver's scheduler backend for executors in other processes: registers them, offers their
 * free slots to the task scheduler, sends each executor a stage body once per stage attempt and
 * then only task descriptions, and fails the running tasks of an executor that goes away so the
 * task scheduler retries them elsewhere. Executors are started by an {@link ExecutorLauncher} and
 * talk to the driver over RPC ({@link RpcServer}), whose messages a {@link DriverMessageRouter}
 * hands to this backend or to the endpoints that answer map-output, broadcast and commit
 * requests; a {@link HeartbeatWatchdog} finds silent executors and, with an on-demand launcher, a
 * {@link DemandTracker} keeps it told what is pending.
 */
public final class ClusterBackend implements SchedulerBackend, SpindleListener {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterBackend.class);

  private final TaskScheduler scheduler;
  private final Settings conf;
  private final String appId;
  private final byte[] secret;
  private final ClassLoader userLoader;
  private final String driverHost;
  private final ExecutorLauncher launcher;
  /**
   * How long stop() waits for executors told to shut down to close their connections, before the
   * launcher stops them. An executor closes it after its task threads ended (it gives a task that
   * ignores its interrupt 5 s) and, in a YARN container recording the node's class-data archive,
   * after that dump (2.7–3.9 s on session 13's slow VM; cut off, it leaves no archive and the next
   * container records again): 15 s covers both. Only an executor that is stuck for good costs the
   * whole wait, at the end of its application.
   */
  private static final long EXECUTOR_EXIT_WAIT_MS = 15_000;
  private final ExecutorRegistry registry = new ExecutorRegistry();
  private final ExecutorShuffleServices shuffleServices = new ExecutorShuffleServices(); // guarded by this
  private final ExecutorCachedBlocks cachedBlocks = new ExecutorCachedBlocks();
  private final AtomicLong stageBodiesSent = new AtomicLong();
  private final AtomicLong tasksLaunched = new AtomicLong();
  private final AtomicLong stageBodiesDropped = new AtomicLong();
  private final BroadcastEndpoint broadcasts;
  private final HeartbeatWatchdog heartbeats;
  private final DemandTracker demand; // null unless the launcher starts executors on demand
  private final DriverMessageRouter router;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "spindle-executor-watchdog");
    t.setDaemon(true);
    return t;
  });
  private RpcServer server;
  private byte[] latestCredentials; // guarded by this; null until a cluster manager renews tokens
  private volatile boolean stopping;
  private int offerRotation; // guarded by this

  ClusterBackend(TaskScheduler scheduler, Settings conf, String appId, byte[] secret, ClassLoader userLoader,
      String driverHost, ExecutorLauncher launcher, MapOutputEndpoint mapOutputs, BroadcastEndpoint broadcasts,
      CommitEndpoint commits, Clock clock) {
    this.driverHost = driverHost;
    this.scheduler = scheduler;
    this.conf = conf;
    this.appId = appId;
    this.secret = secret.clone();
    this.userLoader = userLoader;
    this.launcher = launcher;
    this.broadcasts = broadcasts;
    this.heartbeats = new HeartbeatWatchdog(clock,
        TimeUnit.MILLISECONDS.toNanos(conf.get(SpindleConfigs.NETWORK_TIMEOUT_MS)),
        (executorId, why) -> executorLost(executorId, why, true));
    this.router = new DriverMessageRouter(this, heartbeats, mapOutputs, broadcasts, commits);
    io.spindle.scheduler.RackResolver racks = launcher.rackResolver();
    if (racks != null) {
      scheduler.setRackResolver(racks); // before any executor registers: hosts are filed by rack when added
    }
    if (launcher.launchesOnDemand()) {
      scheduler.setDemandListener(launcher::demandChanged);
      this.demand = new DemandTracker(scheduler, launcher, clock, this::registeredExecutors, tasksLaunched::get);
    } else {
      this.demand = null;
    }
  }

  /**
   * A backend for the executors {@code launchers} starts, with a new application secret (which
   * authenticates their RPC and shuffle fetches, so the launcher hands it to them).
   */
  public static ClusterBackend create(BackendContext context, String driverHost,
      java.util.function.Function<byte[], ExecutorLauncher> launchers) {
    return create(context, driverHost, RpcProtocol.newSecret(), launchers);
  }

  /**
   * As {@link #create(BackendContext, String, java.util.function.Function)} with a given secret: on
   * YARN the application's, which stays the same across ApplicationMaster attempts, so the
   * NodeManagers' shuffle service (which knows an application by one secret, from its containers'
   * service data) still lets a restarted driver's reducers fetch what the first attempt's executors wrote.
   */
  public static ClusterBackend create(BackendContext context, String driverHost, byte[] secret,
      java.util.function.Function<byte[], ExecutorLauncher> launchers) {
    return new ClusterBackend(context.taskScheduler(), context.conf(), context.applicationId(), secret,
        context.userLoader(), driverHost, launchers.apply(secret), new MapOutputEndpoint(context.mapOutputs()),
        new BroadcastEndpoint(context.broadcasts()), new CommitEndpoint(context.commits()), Clock.SYSTEM);
  }

  /**
   * Listens and launches the executors; waits until all of them registered, unless the launcher
   * starts them on demand (YARN), which only happens once the first task set is pending.
   */
  @Override
  public void start() {
    server = new RpcServer(driverHost, 0, appId, secret, router, conf.get(SpindleConfigs.NETWORK_CRYPTO_ENABLED));
    try {
      launcher.launch(driverHost, server.port());
      if (!launcher.launchesOnDemand()) {
        awaitExecutors(launcher.expectedExecutors(), conf.get(SpindleConfigs.EXECUTOR_REGISTRATION_TIMEOUT_MS));
      }
    } catch (RuntimeException e) {
      stop();
      throw e;
    }
    timer.scheduleWithFixedDelay(heartbeats::check, 1, 1, TimeUnit.SECONDS);
    // Offers again every second, as Spark does: a task held back by delay scheduling gets its chance.
    timer.scheduleWithFixedDelay(this::reviveOffers, 1, 1, TimeUnit.SECONDS);
    if (demand != null) {
      timer.scheduleWithFixedDelay(demand::check, 1, 1, TimeUnit.SECONDS);
      timer.scheduleWithFixedDelay(this::reportActivity, 1, 1, TimeUnit.SECONDS);
    }
  }

  private synchronized int registeredExecutors() {
    return registry.size();
  }

  private synchronized void awaitExecutors(int expected, long timeoutMillis) {
    boolean registered;
    try {
      registered = awaitRegistry(n -> n >= expected, timeoutMillis, () -> {
        if (launcher.exitedExecutors() > 0) { // checked on every wake-up: executors that died on start
          throw new SpindleException(launcher.exitedExecutors() + " executor process(es) exited before "
              + "registering with the driver. " + launcher.diagnostics());
        }
      });
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SpindleException("Interrupted while waiting for executors to register", e);
    }
    if (!registered) {
      throw new SpindleException("Only " + registry.size() + " of " + expected + " executors registered with the "
          + "driver within " + timeoutMillis + " ms (spindle.executor.registrationTimeoutMs). "
          + launcher.diagnostics());
    }
  }

  /**
   * Waits until the number of registered executors satisfies {@code done}, at most {@code millis};
   * false on timeout. {@code onWake} runs on every wait while it does not (it may throw to stop waiting).
   * Registrations and losses notify this monitor.
   */
  private synchronized boolean awaitRegistry(java.util.function.IntPredicate done, long millis, Runnable onWake)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + millis;
    while (!done.test(registry.size())) {
      onWake.run();
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) {
        return false;
      }
      wait(Math.min(left, 100));
    }
    return true;
  }

  /**
   * Offers each executor's free slots, one executor per {@link TaskScheduler#resourceOffers} call
   * (so every returned task belongs to that executor), starting at a rotating executor so that
   * small stages spread over all of them.
   */
  @Override
  public void reviveOffers() {
    List<Unsendable> unsendable = new ArrayList<>();
    synchronized (this) {
      if (stopping) {
        return;
      }
      List<ExecutorHandle> all = registry.all();
      int n = all.size();
      for (int i = 0; i < n; i++) {
        ExecutorHandle executor = all.get((offerRotation + i) % n);
        if (executor.freeSlots() <= 0 || shuffleServices.isRetiring(executor.executorId)) {
          continue;
        }
        List<TaskDescription> tasks = scheduler.resourceOffers(
            List.of(new WorkerOffer(executor.executorId, executor.host, executor.freeSlots())));
        for (TaskDescription task : tasks) {
          try {
            if (executor.launch(task)) {
              stageBodiesSent.incrementAndGet();
            }
            tasksLaunched.incrementAndGet();
          } catch (RuntimeException e) { // e.g. a partition that cannot be serialized
            unsendable.add(new Unsendable(task, executor.executorId, e));
          }
        }
      }
      offerRotation = n == 0 ? 0 : (offerRotation + 1) % n;
    }
    for (Unsendable u : unsendable) { // reported outside the lock: statusUpdate may revive offers
      scheduler.statusUpdate(u.task, u.executorId, TaskResult.failed(u.reason));
    }
  }

  /** A task the scheduler assigned that could not be sent (its partition would not serialize). */
  private record Unsendable(TaskDescription task, String executorId, RuntimeException reason) {}

  /** Spark's rule, max(total cores, 2); executors still to come on demand count with their cores. */
  @Override
  public int defaultParallelism() {
    synchronized (this) {
      return Math.max(Math.max(registry.totalCores(), launcher.expectedTotalCores()), 2);
    }
  }

  /** Executors drop a finished stage's body (the driver adds this backend as a listener). */
  @Override
  public void onStageCompleted(StageInfo stage) {
    synchronized (this) {
      for (ExecutorHandle e : registry.all()) {
        if (e.stageEnded(stage.stageId(), stage.attempt())) {
          stageBodiesDropped.incrementAndGet();
        }
      }
    }
  }

  /**
   * {@code Broadcast.unpersist()/destroy()}: every registered executor drops its copy. Not awaited:
   * each connection delivers frames in order, so a task launched later on it fetches the value anew.
   */
  public void removeBroadcast(long broadcastId) {
    synchronized (this) { // the same lock as launches: no task frame overtakes the removal
      for (ExecutorHandle e : registry.all()) {
        e.connection.send(new RpcMessage.RemoveBroadcast(broadcastId));
      }
    }
  }

  /**
   * {@code Rdd.unpersist()}: every registered executor drops the RDD's cached partitions. Not awaited
   * (Spark's non-blocking default): a task launched later on a connection finds them gone, since frames
   * arrive in order; the executors' {@code BLOCK_UPDATE}s then clear them from the status store.
   */
  public void removeRdd(int rddId) {
    synchronized (this) { // the same lock as launches: no task frame overtakes the removal
      for (ExecutorHandle e : registry.all()) {
        e.connection.send(new RpcMessage.RemoveRdd(rddId));
      }
    }
  }

  /**
   * Renewed delegation tokens (Hadoop's token storage format, from the YARN AM on a Kerberos
   * cluster): sent to every registered executor now and to each executor that registers later.
   * Returns how many executors it was sent to.
   */
  public int updateCredentials(byte[] credentials) {
    synchronized (this) {
      latestCredentials = credentials.clone();
      List<ExecutorHandle> all = new ArrayList<>(registry.all());
      for (ExecutorHandle e : all) {
        e.connection.send(new RpcMessage.UpdateCredentials(latestCredentials));
      }
      return all.size();
    }
  }

  /**
   * Sends {@code KILL_TASK} to the executor running {@code taskId} (a cancelled job's task, or a
   * speculative duplicate that lost). The executor interrupts the task's thread if asked, and the
   * attempt reports a {@code TaskKilledException} like any end, which frees its slot here. A task that
   * already ended, or whose executor is gone, is left alone.
   */
  @Override
  public void killTask(long taskId, boolean interrupt, String reason) {
    synchronized (this) { // the launch lock: the kill follows the task's LAUNCH_TASK on the connection
      for (ExecutorHandle e : registry.all()) {
        if (e.runs(taskId)) {
          LOG.info("Killing task {} on executor {}{}: {}", taskId, e.executorId, interrupt ? " (interrupt)" : "",
              reason);
          e.kill(taskId, interrupt, reason);
          return;
        }
      }
    }
  }

  /** Tells one executor to exit; its running tasks are retried elsewhere once its connection closes. */
  public void killExecutor(String executorId) {
    ExecutorHandle e;
    synchronized (this) {
      e = registry.get(executorId);
    }
    if (e != null) {
      e.connection.send(new RpcMessage.Shutdown("killed by the driver"));
    }
  }

  /** On-demand launchers (YARN) start and replace executors; a fixed set (local-cluster) does not grow. */
  @Override
  public boolean mayAddExecutors() {
    return launcher.launchesOnDemand() || launcher.replacesLostExecutors();
  }

  /** An executor excluded for the application (spindle.excludeOnFailure.killExcludedExecutors): told to exit. */
  @Override
  public void killExecutor(String executorId, String reason) {
    LOG.warn("Stopping executor {}: {}", executorId, reason);
    killExecutor(executorId);
  }

  // ---- Messages from executors (Netty threads, through the DriverMessageRouter)

  void registerExecutor(RpcConnection connection, RpcMessage.RegisterExecutor message) {
    // Asked before taking the lock: a YARN launcher may wait (on this Netty thread, at most 30 s) for the
    // container-started answer, which normally arrives before the executor's JVM is even up.
    String shuffleService = stopping ? null : launcher.shuffleServiceAddress(message.executorId());
    synchronized (this) {
      if (stopping || !registry.add(new ExecutorHandle(connection, message,
          conf.get(SpindleConfigs.EXECUTOR_STAGE_BODY_CACHE)))) {
        connection.send(new RpcMessage.Error(RpcProtocol.ERR_BAD_MESSAGE,
            stopping ? "the driver is stopping" : "executor id " + message.executorId() + " is already registered"));
        connection.close();
        return;
      }
      heartbeats.executorAdded(message.executorId());
      shuffleServices.registered(message.executorId(), shuffleService);
      java.util.Map<String, String> reply = conf.getAll();
      if (shuffleService != null) {
        reply = new java.util.HashMap<>(reply);
        reply.put(ExecutorLauncher.SHUFFLE_SERVICE_KEY, shuffleService);
      }
      connection.send(new RpcMessage.Registered(reply));
      if (latestCredentials != null) { // renewed after this executor's container was launched with older ones
        connection.send(new RpcMessage.UpdateCredentials(latestCredentials));
      }
      LOG.info("Executor {} registered from {} with {} cores{}{}", message.executorId(), message.host(),
          message.cores(), connection.encrypted() ? " over an encrypted connection" : "",
          shuffleService == null ? "" : "; its map outputs are served at " + shuffleService);
      scheduler.reportExecutorAdded(message.executorId(), message.host(), message.cores(),
          launcher.logUrls(message.executorId()));
      notifyAll();
    }
    reviveOffers();
  }

  /** A task ended on the executor: its result goes to the task scheduler, its slot to the next task. */
  void statusUpdate(String executorId, RpcMessage.StatusUpdate update) {
    TaskDescription task;
    String killReason;
    synchronized (this) {
      ExecutorHandle e = registry.get(executorId);
      task = e == null ? null : e.taskEnded(update.taskId());
      killReason = e == null ? null : e.killReason(update.taskId());
    }
    if (task != null) {
      TaskResult result = TaskResultSerializer.deserialize(update.result(), userLoader).killedIfFailed(killReason);
      if (result.failure() instanceof io.spindle.shuffle.FetchFailedException lost && lost.serviceLost()
          && launcher.replacesLostExecutors()) {
        retireExecutorsServedBy(lost.host(), lost.port()); // before the map stage is resubmitted
      }
      scheduler.statusUpdate(task, executorId, result);
      reviveOffers();
    }
  }

  /**
   * A fetch failure declared the shuffle service at {@code host:port} lost: executors that register
   * their map outputs there get no more tasks and are told to exit, so the launcher replaces them
   * with executors that know the service's current address ({@link ExecutorShuffleServices}).
   */
  private void retireExecutorsServedBy(String host, int port) {
    List<String> retired;
    synchronized (this) {
      retired = shuffleServices.retireServedBy(host, port);
    }
    for (String id : retired) {
      LOG.warn("The shuffle service at {}:{} was declared lost; executor {} registers its map outputs there, so "
          + "it gets no more tasks and is replaced", host, port, id);
      killExecutor(id);
    }
  }

  /** For an on-demand launcher (dynamic allocation): what each executor runs now. */
  private void reportActivity() {
    java.util.Map<String, Integer> running = new java.util.HashMap<>();
    synchronized (this) {
      if (stopping) {
        return;
      }
      for (ExecutorHandle e : registry.all()) {
        if (!shuffleServices.isRetiring(e.executorId)) {
          running.put(e.executorId, e.cores - e.freeSlots());
        }
      }
    }
    try {
      launcher.executorsActivity(running, cachedBlocks.holders(), this::releaseIdleExecutor);
    } catch (RuntimeException e) {
      LOG.warn("The executor launcher failed on the executors' activity", e);
    }
  }

  /**
   * Releases an idle executor (dynamic allocation): no more tasks, told to exit. Checked under the
   * lock offers are made under, so a task launched since the launcher looked keeps its executor.
   */
  private boolean releaseIdleExecutor(String executorId) {
    synchronized (this) {
      ExecutorHandle e = registry.get(executorId);
      if (e == null || e.freeSlots() < e.cores || shuffleServices.isRetiring(executorId)) {
        return false;
      }
      shuffleServices.retire(executorId);
    }
    LOG.info("Releasing idle executor {} (dynamic allocation); its map outputs stay served by its shuffle service",
        executorId);
    killExecutor(executorId);
    return true;
  }

  /**
   * An executor's cached partition changed: remembered for dynamic allocation and told to the
   * listeners (status store, event log) through the scheduler, ordered with executor events.
   */
  void blockUpdated(String executorId, RpcMessage.BlockUpdate update) {
    io.spindle.function.StorageLevel level;
    try {
      level = io.spindle.function.StorageLevel.valueOf(update.storageLevel());
    } catch (IllegalArgumentException e) {
      LOG.warn("Ignoring a block update of executor {} with unknown storage level {}", executorId,
          update.storageLevel());
      return;
    }
    io.spindle.scheduler.BlockUpdateInfo info = new io.spindle.scheduler.BlockUpdateInfo(executorId,
        update.blockId(), level, update.memorySize(), update.diskSize());
    synchronized (this) {
      if (registry.get(executorId) == null) {
        return; // already removed: its blocks went with it
      }
      cachedBlocks.update(executorId, update.blockId(), info.isCached());
    }
    scheduler.reportBlockUpdated(info);
  }

  /**
   * An executor's block store is up with {@code maxMemory} bytes: told to the listeners (status
   * store, event log: Spark's BlockManagerAdded) through the scheduler, after its ExecutorAdded.
   */
  void blockStoreRegistered(String executorId, long maxMemory) {
    String host;
    synchronized (this) {
      ExecutorHandle handle = registry.get(executorId);
      if (handle == null) {
        return; // already removed
      }
      host = handle.host;
    }
    scheduler.reportBlockManagerAdded(executorId, host, maxMemory);
  }

  /** Executors that hold cached RDD partitions now (dynamic allocation keeps them longer). */
  public java.util.Set<String> executorsWithCachedBlocks() {
    return cachedBlocks.holders();
  }

  void executorDisconnected(RpcConnection connection) {
    executorLost(connection.executorId(), "its connection to the driver closed", false);
  }

  /** {@code unresponsive}: dropped for silence while connected (heartbeats), else its connection closed. */
  private void executorLost(String executorId, String why, boolean unresponsive) {
    List<TaskDescription> lost;
    synchronized (this) {
      ExecutorHandle e = registry.remove(executorId);
      if (e == null) {
        return;
      }
      heartbeats.executorRemoved(executorId);
      shuffleServices.removed(executorId);
      cachedBlocks.removed(executorId);
      lost = e.drainRunning();
      e.connection.close();
      notifyAll(); // stop() waits for the executors to go
    }
    java.util.concurrent.CompletableFuture<Boolean> causedByApp = stopping
        ? java.util.concurrent.CompletableFuture.completedFuture(true) : tellTheLauncher(executorId, why, unresponsive, lost);
    scheduler.reportExecutorRemoved(executorId, why);
    reviveOffers();
    if (!lost.isEmpty()) {
      failLostTasksOnceTheReasonIsKnown(executorId, why, lost, causedByApp);
    }
  }

  /**
   * Tells the launcher of the loss (it may replace the executor) and returns whether the loss was the
   * application's doing, as the launcher will know it (asked only if tasks were lost).
   */
  private java.util.concurrent.CompletableFuture<Boolean> tellTheLauncher(String executorId, String why,
      boolean unresponsive, List<TaskDescription> lost) {
    LOG.warn("Lost executor {}: {}; {} running tasks will be retried", executorId, why, lost.size());
    try {
      launcher.executorLost(executorId, why, unresponsive);
      if (!lost.isEmpty()) {
        // A copy: the launcher's own future is not completed by the reason wait's timeout.
        return launcher.lossCausedByApp(executorId).copy();
      }
    } catch (RuntimeException ex) {
      LOG.warn("The executor launcher failed on the loss of executor {}", executorId, ex);
    }
    return java.util.concurrent.CompletableFuture.completedFuture(true);
  }

  /**
   * Fails the lost tasks once {@code causedByApp} is known, at most {@code spindle.executor.lossReasonTimeout}
   * later (then as the application's doing, Spark's default).
   */
  private void failLostTasksOnceTheReasonIsKnown(String executorId, String why, List<TaskDescription> lost,
      java.util.concurrent.CompletableFuture<Boolean> causedByApp) {
    java.util.function.BiConsumer<Boolean, Throwable> report =
        (byApp, error) -> failLostTasks(executorId, why, lost, error != null || byApp == null || byApp);
    if (causedByApp.isDone()) {
      causedByApp.whenComplete(report); // at once, on this thread (local-cluster, or a reason already known)
    } else {
      // Not on the thread that completes it: the launcher's, which may hold the launcher's lock.
      causedByApp.completeOnTimeout(true, conf.get(SpindleConfigs.EXECUTOR_LOSS_REASON_TIMEOUT), TimeUnit.MILLISECONDS)
          .whenCompleteAsync(report);
    }
  }

  /** The tasks of a lost executor failed; counted against their attempts unless the cluster caused the loss. */
  private void failLostTasks(String executorId, String why, List<TaskDescription> lost, boolean causedByApp) {
    if (!causedByApp) {
      LOG.info("Executor {} was lost by the cluster's doing: its {} tasks are retried without counting the attempts",
          executorId, lost.size());
    }
    String message = "Executor " + executorId + " was lost: " + why
        + (causedByApp ? "" : " (the cluster's doing: not counted as a task failure)");
    for (TaskDescription task : lost) {
      scheduler.statusUpdate(task, executorId, TaskResult.failed(new ExecutorLostException(message, causedByApp)));
    }
    reviveOffers();
  }

  /** Tells every executor to shut down, waits for them (then kills them), stops listening. */
  @Override
  public void stop() {
    List<ExecutorHandle> all;
    synchronized (this) {
      if (stopping) {
        return;
      }
      stopping = true;
      all = registry.all();
    }
    launcher.driverStopping(); // an executor refused from now on exits with an error: not a failure
    timer.shutdownNow();
    LOG.info("Stopping: {} tasks were launched on executors {}", tasksLaunched.get(),
        all.stream().map(e -> e.executorId).toList());
    for (ExecutorHandle e : all) {
      e.connection.send(new RpcMessage.Shutdown("the driver is stopping"));
    }
    awaitExecutorsGone(EXECUTOR_EXIT_WAIT_MS); // so the launcher need not wait for the cluster manager to tell
    if (server != null) {
      server.close(); // after the SHUTDOWN frames; an executor that missed one sees its connection close
    }
    launcher.close();
  }

  /** Waits until every executor told to shut down closed its connection, at most {@code millis}. */
  private synchronized void awaitExecutorsGone(long millis) {
    try {
      if (!awaitRegistry(n -> n == 0, millis, () -> {})) {
        LOG.warn("{} executor(s) still connected {} ms after being told to shut down; the launcher stops them",
            registry.size(), millis);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---- For tests and diagnostics

  /** STAGE_BODY messages sent so far (to all executors). */
  public long stageBodiesSent() {
    return stageBodiesSent.get();
  }

  /** STAGE_ENDED messages sent so far (bodies executors were told to drop). */
  public long stageBodiesDropped() {
    return stageBodiesDropped.get();
  }

  /** GET_BROADCAST requests answered so far (one per executor and broadcast, again after an unpersist). */
  public long broadcastsServed() {
    return broadcasts.served();
  }

  public long tasksLaunched() {
    return tasksLaunched.get();
  }

  public RpcServer rpcServer() {
    return server;
  }

  public ExecutorLauncher launcher() {
    return launcher;
  }

  public synchronized List<String> executorIds() {
    return registry.all().stream().map(e -> e.executorId).toList();
  }

  public String applicationId() {
    return appId;
  }

  /** The application secret (executors started by other launchers need it in their environment). */
  byte[] secret() {
    return secret.clone();
  }
}
