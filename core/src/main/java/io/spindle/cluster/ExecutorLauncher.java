package io.spindle.cluster;

import io.spindle.scheduler.ExecutorDemand;
import io.spindle.scheduler.RackResolver;

/**
 * Starts executor processes for a {@link ClusterBackend} and gets rid of them at the end:
 * {@link LocalClusterLauncher} on this machine; YARN containers in the ApplicationMaster.
 */
public interface ExecutorLauncher extends AutoCloseable {
  /**
   * Starts the executors, or, when {@link #launchesOnDemand()}, only records where they must
   * connect to (the driver's RPC port) and starts them on the first {@link #demandChanged}.
   */
  void launch(String driverHost, int driverPort);

  /**
   * True: executors are asked for when tasks are pending ({@link #demandChanged}), not at start,
   * and the backend does not wait for them in {@code start()} (YARN: a missing input path or an
   * existing output dir then fails the driver before any container is requested). Such a launcher
   * fails the application itself when its executors keep failing. False (the default): started
   * at once; the backend waits for {@link #expectedExecutors()} before jobs run.
   */
  default boolean launchesOnDemand() {
    return false;
  }

  /**
   * The pending tasks changed (a task set was submitted or ended; also about once a second while
   * the backend runs): a launcher may request executors, and prefer the hosts the tasks prefer.
   * Called from scheduler threads; must not block for long. Default: nothing.
   */
  default void demandChanged(ExecutorDemand demand) {}

  /** Where hosts' racks come from (YARN: the cluster's topology), or null when racks are unknown. */
  default RackResolver rackResolver() {
    return null;
  }

  /**
   * Task slots the launcher's executors will have once all are up (executors x cores), for the
   * default parallelism before they registered; 0 (the default): count the registered ones only.
   */
  default int expectedTotalCores() {
    return 0;
  }

  /**
   * Executors the backend waits for before it runs jobs; read only for a launcher that does not
   * {@link #launchesOnDemand()} (one on demand fails the application itself when they cannot start).
   */
  default int expectedExecutors() {
    return 0;
  }

  /** Executor processes that exited before registering (a failed start); read with {@link #expectedExecutors()}. */
  default int exitedExecutors() {
    return 0;
  }

  /** Something to add to a "no executor registered" error (e.g. where their logs are). */
  String diagnostics();

  /**
   * The {@code host:port} of the shuffle service an executor must use, when the launcher only
   * learns it after starting the executor (YARN: the NodeManager's aux service port arrives with
   * the container-started answer); the driver sends it in its registration reply as
   * {@value #SHUFFLE_SERVICE_KEY}. Null: the executor's environment already says.
   */
  default String shuffleServiceAddress(String executorId) {
    return null;
  }

  /**
   * Links to an executor's logs by name ({@code stdout}, {@code stderr}), shown on the executors
   * page and written to the event log (Spark's executor log URLs); empty (the default) when the
   * launcher has none. YARN: the container's logs on its NodeManager's web UI.
   */
  default java.util.Map<String, String> logUrls(String executorId) {
    return java.util.Map.of();
  }

  /** Key of the per-executor entry the driver adds to the configuration of its registration reply. */
  /**
   * True if executors that exit are replaced by new ones (YARN's launcher): then an executor whose
   * shuffle service was declared lost is retired, so its replacement learns the service's current
   * address. False (the default): executors are kept whatever happens to their service.
   */
  default boolean replacesLostExecutors() {
    return false;
  }

  /**
   * Once a second, for a launcher that starts executors on demand: the tasks each registered
   * executor runs now (executors being released are left out). A launcher that sizes its
   * executors by the work (YARN's dynamic allocation) releases idle ones through
   * {@code release}, which stops offering the executor tasks and tells it to exit (it refuses,
   * returning false, when a task started on it meanwhile). Default: nothing.
   */
  default void executorsActivity(java.util.Map<String, Integer> runningTasks,
      java.util.function.Predicate<String> release) {}

  /**
   * As {@link #executorsActivity(java.util.Map, java.util.function.Predicate)}, also naming the
   * executors that hold cached RDD partitions (from their block reports), which dynamic
   * allocation keeps until {@code cachedExecutorIdleTimeout}. Default: the form without them.
   */
  default void executorsActivity(java.util.Map<String, Integer> runningTasks,
      java.util.Set<String> holdingCachedBlocks, java.util.function.Predicate<String> release) {
    executorsActivity(runningTasks, release);
  }

  /**
   * The driver lost a registered executor while running ({@code why}): its connection closed, or,
   * {@code unresponsive}, it sent no heartbeat for {@code spindle.network.timeoutMs} though connected
   * (stuck: a GC spiral, an overloaded machine), and the driver dropped it. A launcher that replaces
   * executors may replace this one when its cluster manager does not report the process ended (YARN:
   * a dead NodeManager is declared lost only minutes later; a stuck process runs on). Called from the
   * driver's threads; must not block. Default: nothing.
   */
  default void executorLost(String executorId, String why, boolean unresponsive) {}

  /**
   * After {@link #executorLost}: whether the loss was the application's doing (true: its tasks' attempts
   * count against {@code spindle.task.maxFailures}) or the cluster's (false: preempted, lost with its
   * node), once the launcher knows. The backend waits for it at most {@code spindle.executor.lossReasonTimeout}
   * before it reports the executor's running tasks failed, then counts them (Spark's default). Default:
   * true at once.
   */
  default java.util.concurrent.CompletableFuture<Boolean> lossCausedByApp(String executorId) {
    return java.util.concurrent.CompletableFuture.completedFuture(true);
  }

  String SHUFFLE_SERVICE_KEY = "spindle.executor.shuffleServiceAddress";

  /**
   * The driver began stopping, before {@link #close()}: from now on it refuses executors that
   * register (they exit with an error) and tells the registered ones to exit. A launcher stops
   * asking for executors and counts none that ends from now on as a failure. Default: nothing.
   */
  default void driverStopping() {}

  /** Waits a little for executors told to shut down, then kills what is left. */
  @Override
  void close();
}
