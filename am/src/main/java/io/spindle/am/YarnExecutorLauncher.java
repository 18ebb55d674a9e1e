package io.spindle.am;

import io.spindle.cluster.ExecutorLauncher;
import io.spindle.shuffle.yarn.ShuffleServiceData;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerStatus;
import org.apache.hadoop.yarn.api.records.Priority;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.client.api.AMRMClient.ContainerRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executors in YARN containers: asks the ResourceManager (through the AM's client) for
 * {@code instances} containers of executor memory + overhead and cores, starts an executor in
 * each with the NodeManager client, learns each NodeManager's shuffle port from its
 * container-started answer, and replaces containers that fail until more than
 * {@code maxFailures} did (see {@link ContainerExit} for what counts); past that it fails the
 * application.
 *
 * <p>Requests are made on demand: nothing is asked for until the driver's first task set is
 * pending ({@link #demandChanged}), so a driver that fails before its first job (missing input,
 * existing output) never holds an executor container. The outstanding requests follow the
 * pending tasks' preferred hosts ({@link ContainerPlacement}): recomputed with every demand
 * change and allocation, stale ones removed ({@link ExecutorContainerRequests}). While requests
 * are outstanding the AM heartbeats every {@value #FAST_HEARTBEAT_MS} ms (Spark's initial
 * allocation interval), else at its normal interval (the AM heartbeats fast from registration until this
 * launcher's first change: {@link HeartbeatPace}). The target is {@code instances}, or under
 * dynamic allocation the {@link DynamicAllocationPolicy}'s, ticked by {@link #executorsActivity}.
 */
public final class YarnExecutorLauncher implements ExecutorLauncher {
  private static final Logger LOG = LoggerFactory.getLogger(YarnExecutorLauncher.class);
  private static final Priority PRIORITY = Priority.newInstance(1);
  private static final long SHUFFLE_PORT_WAIT_MS = 30_000;
  static final int FAST_HEARTBEAT_MS = 200;

  private final ContainerAllocator rm;
  private final ContainerStarter nm;
  private final ExecutorContainerSpec spec;
  private final Resource resource;
  private final int instances;
  private final int maxFailures;
  private final Map<ContainerId, Container> containers = new HashMap<>(); // running, by id; guarded by this
  private final Map<ContainerId, String> executorIds = new HashMap<>(); // guarded by this
  private final Map<String, CompletableFuture<String>> shuffleServices = new ConcurrentHashMap<>();
  private final List<String> events = new ArrayList<>(); // guarded by this; for diagnostics
  private final java.util.function.Consumer<String> failApplication;
  private final ExecutorContainerRequests requests; // guarded by this
  private final java.util.function.Function<String, String> rackOf;
  private final int normalHeartbeatMs;
  // The pending tasks' hosts are normalised by the task scheduler's rules; NodeManager hosts are compared the same way.
  private final io.spindle.scheduler.HostNormalizer names = io.spindle.scheduler.HostNormalizer.resolving();
  private String driverAddress; // guarded by this
  private io.spindle.scheduler.ExecutorDemand demand; // null until the first task set is pending; guarded by this
  private boolean gaveUp; // more than maxFailures failed: no more requests; guarded by this
  private int nextExecutorId = 1; // guarded by this
  private final RecentFailures failures = new RecentFailures(); // guarded by this
  private boolean stopping; // guarded by this
  private boolean fastHeartbeat; // the AM heartbeats at FAST_HEARTBEAT_MS now; guarded by this
  private int target; // executors to have: instances, or dynamic allocation's target; guarded by this
  private DynamicAllocationPolicy allocation; // null: a fixed number of executors; guarded by this
  private YarnNodeExclusion nodeExclusion; // null unless spindle.excludeOnFailure.enabled; guarded by this
  private String logScheme; // null: no log links; else "http://" or "https://" (yarn.http.policy); guarded by this
  private String logUser; // guarded by this
  // Executors the driver lost whose containers the RM has not reported ended yet, by container; guarded by this
  private final Map<ContainerId, LostExecutor> unreportedLosses = new java.util.LinkedHashMap<>();
  private long lossReportTimeoutMs = YarnConfigs.EXECUTOR_LOSS_REPORT_TIMEOUT_DEFAULT_MS; // guarded by this
  private java.util.function.LongSupplier nowMillis = () -> System.nanoTime() / 1_000_000; // guarded by this

  // Whether each ended executor's end was the application's doing (its ContainerExit counts), by executor id
  private final Map<String, CompletableFuture<Boolean>> endCausedByApp = new ConcurrentHashMap<>();

  /** An executor the driver lost at {@code sinceMillis} ({@link #nowMillis}) for {@code why}; {@code unresponsive}: stuck, not gone. */
  private record LostExecutor(String executorId, String why, boolean unresponsive, long sinceMillis) {}

  /**
   * @param rm the AM's ResourceManager client ({@link ContainerAllocator#of})
   * @param nmFactory builds the NodeManager client that reports to the given events
   *     ({@link ContainerStarter#nodeManagers})
   */
  YarnExecutorLauncher(ContainerAllocator rm,
      java.util.function.Function<ContainerStarter.Events, ContainerStarter> nmFactory,
      ExecutorContainerSpec spec, Resource resource, int instances, int maxFailures,
      java.util.function.Consumer<String> failApplication, java.util.function.Function<String, String> rackOf,
      int normalHeartbeatMs) {
    this.rm = rm;
    this.rackOf = rackOf;
    this.normalHeartbeatMs = normalHeartbeatMs;
    this.requests = new ExecutorContainerRequests(new ExecutorContainerRequests.Sink() {
      @Override
      public void add(ContainerRequest request) {
        rm.addContainerRequest(request);
      }

      @Override
      public void remove(ContainerRequest request) {
        rm.removeContainerRequest(request);
      }
    }, resource, PRIORITY);
    this.failApplication = failApplication;
    this.spec = spec;
    this.resource = resource;
    this.instances = instances;
    this.maxFailures = maxFailures;
    this.target = instances;
    this.nm = nmFactory.apply(new NodeManagerEvents());
  }

  /** Only records the driver's address: containers are requested on the first demand. */
  @Override
  public synchronized void launch(String driverHost, int driverPort) {
    driverAddress = driverHost + ":" + driverPort;
  }

  @Override
  public boolean launchesOnDemand() {
    return true;
  }

  @Override
  public io.spindle.scheduler.RackResolver rackResolver() {
    return rackOf::apply;
  }

  /** From the driver's scheduler: the first non-empty demand starts the requests; later ones re-place them. */
  @Override
  public synchronized void demandChanged(io.spindle.scheduler.ExecutorDemand newDemand) {
    if (demand == null && newDemand.isEmpty()) {
      return; // no job has tasks yet: ask for nothing
    }
    demand = newDemand;
    updateRequests();
  }

  /** Makes the outstanding requests those the placement wants now; heartbeats faster while any is outstanding. */
  private void updateRequests() { // holds this
    if (nodeExclusion != null) {
      nodeExclusion.sync(); // timeouts, and the cap as the cluster's size changes
    }
    if (demand == null || driverAddress == null) {
      return;
    }
    int missing = stopping || gaveUp ? 0 : Math.max(0, target - containers.size());
    java.util.Map<String, Integer> byHost = new HashMap<>();
    for (Container c : containers.values()) {
      byHost.merge(names.normalize(c.getNodeId().getHost()), 1, Integer::sum);
    }
    ExecutorContainerRequests.Change change = requests.sync(ContainerPlacement.plan(missing,
        resource.getVirtualCores(), demand, byHost, rackOf));
    if (!change.added().isEmpty()) {
      LOG.info("Requesting {} executor containers of {} MiB and {} vcores (locality: {})", change.added().size(),
          resource.getMemorySize(), resource.getVirtualCores(), change.added());
    }
    if (change.removed() > 0) {
      LOG.info("Removed {} stale executor container request(s); outstanding: {}", change.removed(), requests.asks());
    }
    // Compared with the interval set last, not with the request count before this sync: requests
    // satisfied by allocations (allocated()) leave between two syncs, and the heartbeat must still slow down.
    boolean fast = requests.size() > 0;
    if (fast != fastHeartbeat) {
      fastHeartbeat = fast;
      rm.setHeartbeatInterval(fast ? FAST_HEARTBEAT_MS : normalHeartbeatMs);
    }
  }

  /** From the AM's heartbeat thread. */
  void onContainersAllocated(List<Container> allocated) {
    for (Container c : allocated) {
      synchronized (this) {
        String host = c.getNodeId().getHost();
        String normalized = names.normalize(host);
        // allocated(): else the client asks again for the satisfied request at every heartbeat.
        if (stopping || gaveUp || !requests.allocated(normalized, rackOf.apply(normalized))) {
          // The RM may grant more than asked (an allocation racing the removal of a satisfied request)
          LOG.info("Releasing surplus container {} on {}", c.getId(), c.getNodeId());
          rm.releaseAssignedContainer(c.getId());
          continue;
        }
        String id = Integer.toString(nextExecutorId++);
        containers.put(c.getId(), c);
        executorIds.put(c.getId(), id);
        shuffleServices.put(id, new CompletableFuture<>());
        events.add("executor " + id + ": container " + c.getId() + " on " + c.getNodeId());
        LOG.info("Starting executor {} in container {} on {}", id, c.getId(), c.getNodeId());
        nm.startContainer(c, spec.build(id, host, driverAddress));
      }
    }
    synchronized (this) {
      updateRequests(); // the hosts just served want fewer; heartbeat back to normal when none is outstanding
    }
  }

  /** From the AM's heartbeat thread: replaces failed executors until too many failed. */
  void onContainersCompleted(List<ContainerStatus> statuses) {
    for (ContainerStatus status : statuses) {
      synchronized (this) {
        String id = executorIds.remove(status.getContainerId());
        if (id == null) {
          continue; // the AM's own, or one released unstarted
        }
        nm.completed(status.getContainerId()); // nothing to stop at the end (a lost node's never answers)
        unreportedLosses.remove(status.getContainerId());
        Container gone = containers.remove(status.getContainerId());
        notifyAll(); // close() waits for the containers to end
        ContainerExit exit = ContainerExit.of(status, stopping, gone == null ? null : gone.getNodeId());
        failed(id, exit, gone == null ? null : gone.getNodeId().getHost());
      }
    }
  }

  private void failed(String id, ContainerExit exit, String host) { // holds this
    events.add("executor " + id + " " + exit.reason());
    endCausedByApp.computeIfAbsent(id, k -> new CompletableFuture<>()).complete(exit.countsAsFailure());
    if (nodeExclusion != null && host != null && exit.countsAsFailure() && !stopping) {
      nodeExclusion.containerFailed(host);
    }
    CompletableFuture<String> shuffle = shuffleServices.remove(id);
    if (shuffle != null) {
      shuffle.completeExceptionally(new IllegalStateException("executor " + id + " " + exit.reason()));
    }
    if (stopping) {
      return;
    }
    int counted = failures.count(nowMillis.getAsLong());
    if (exit.countsAsFailure()) {
      counted = failures.add(nowMillis.getAsLong());
      LOG.warn("Executor {} {} ({} of at most {} failures)", id, exit.reason(), counted, maxFailures);
    } else {
      LOG.info("Executor {} {}", id, exit.reason());
    }
    if (counted > maxFailures) {
      String why = counted + " executor containers failed, more than spindle.executor.maxFailures=" + maxFailures
          + failures.describeValidity() + "; the last one " + exit.reason();
      LOG.error("{}; not replacing them", why);
      if (!gaveUp) {
        gaveUp = true;
        requests.clear();
        // The driver does not wait for executors (they come on demand): without replacements its jobs would
        // wait forever, so the application ends here, whether executors had registered or not.
        String diagnostics = why + "\n" + diagnostics();
        Thread t = new Thread(() -> failApplication.accept(diagnostics), "spindle-fail-application");
        t.start();
      }
      return;
    }
    updateRequests(); // a replacement, placed by the tasks pending now
  }

  /**
   * Executors' log links point at their NodeManagers' web UI ({@code scheme} by
   * {@code yarn.http.policy}), as the containers of {@code user}.
   */
  synchronized void logsOnNodeManagers(String scheme, String user) {
    this.logScheme = scheme;
    this.logUser = user;
  }

  /**
   * Spark's YARN executor log URLs: {@code stdout} and {@code stderr} of the container on its
   * NodeManager's web UI, the last 4 KiB ({@code ?start=-4096}); the page links to the whole log.
   */
  @Override
  public synchronized Map<String, String> logUrls(String executorId) {
    if (logScheme == null) {
      return Map.of();
    }
    for (Map.Entry<ContainerId, String> e : executorIds.entrySet()) {
      Container c = containers.get(e.getKey());
      if (e.getValue().equals(executorId) && c != null && c.getNodeHttpAddress() != null) {
        String base = logScheme + c.getNodeHttpAddress() + "/node/containerlogs/" + c.getId() + "/" + logUser + "/";
        Map<String, String> urls = new java.util.LinkedHashMap<>();
        urls.put("stdout", base + "stdout?start=-4096");
        urls.put("stderr", base + "stderr?start=-4096");
        return urls;
      }
    }
    return Map.of();
  }

  @Override
  public String shuffleServiceAddress(String executorId) {
    CompletableFuture<String> address = shuffleServices.get(executorId);
    if (address == null) {
      return null;
    }
    try {
      return address.get(SHUFFLE_PORT_WAIT_MS, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      LOG.error("No shuffle service address for executor {}: {}", executorId, e.toString());
      return null;
    }
  }

  /** A container that ends is replaced (up to spindle.executor.maxFailures), so stale executors may be retired. */
  @Override
  public boolean replacesLostExecutors() {
    return true;
  }

  /** The driver's default parallelism counts the executors it will get (they are requested on demand). */
  @Override
  public synchronized int expectedTotalCores() {
    return target * resource.getVirtualCores();
  }

  /**
   * Sizes the executors by the work from now on ({@code spindle.dynamicAllocation.enabled}): the
   * policy's target replaces {@code instances}, and idle executors it picks are released.
   */
  synchronized void enableDynamicAllocation(DynamicAllocationPolicy policy) {
    allocation = policy;
    target = policy.target();
  }

  /** Executor containers only on nodes with this YARN node label (spindle.yarn.executor.nodeLabelExpression). */
  synchronized void requireNodeLabel(String expression) {
    requests.nodeLabelExpression(expression);
  }

  /**
   * Sends NodeManagers where executor containers keep failing to YARN's exclusion list, capped
   * ({@code spindle.excludeOnFailure.enabled}; {@link YarnNodeExclusion}).
   */
  synchronized void enableNodeExclusion(int failuresPerNode, double maxNodeFraction, long timeoutMillis,
      java.util.function.LongSupplier nowMillis) {
    nodeExclusion = new YarnNodeExclusion(failuresPerNode, maxNodeFraction, timeoutMillis, nowMillis,
        new YarnNodeExclusion.YarnList() {
          @Override
          public void update(List<String> additions, List<String> removals) {
            rm.updateBlacklist(additions, removals);
          }

          @Override
          public int clusterNodes() {
            return rm.clusterNodeCount();
          }
        });
  }

  /** The NodeManagers on YARN's exclusion list now (tests, logs). */
  synchronized java.util.Set<String> excludedNodes() {
    return nodeExclusion == null ? java.util.Set.of() : nodeExclusion.excluded();
  }

  /** Executors to have now (tests, logs). */
  synchronized int target() {
    return target;
  }

  /**
   * Once a second from the driver: ticks dynamic allocation (if on) with the tasks waiting and
   * running, makes its target the requests' and releases the idle executors it names: the driver
   * stops offering them tasks and tells them to exit, and their containers are released. Their
   * map outputs stay served by their NodeManagers' shuffle service. Nothing happens before the
   * first job has tasks (the initial target holds until then, as in Spark).
   */
  @Override
  public void executorsActivity(Map<String, Integer> runningTasks, java.util.function.Predicate<String> release) {
    executorsActivity(runningTasks, java.util.Set.of(), release);
  }

  /**
   * As above; {@code holdingCachedBlocks} are the executors whose block reports say they hold
   * cached RDD partitions: idle, they wait for {@code cachedExecutorIdleTimeout} (default: kept).
   */
  @Override
  public void executorsActivity(Map<String, Integer> runningTasks, java.util.Set<String> holdingCachedBlocks,
      java.util.function.Predicate<String> release) {
    List<String> toRelease;
    synchronized (this) {
      releaseUnreportedLosses();
      if (allocation == null || demand == null || stopping || gaveUp) {
        return;
      }
      Map<String, DynamicAllocationPolicy.ExecutorActivity> activity = new HashMap<>();
      int running = 0;
      for (Map.Entry<String, Integer> e : runningTasks.entrySet()) {
        running += e.getValue();
        activity.put(e.getKey(), new DynamicAllocationPolicy.ExecutorActivity(e.getValue(),
            holdingCachedBlocks.contains(e.getKey())));
      }
      DynamicAllocationPolicy.Decision decision = allocation.tick(demand.pendingTasks(), running, activity);
      if (decision.target() != target) {
        LOG.info("Dynamic allocation: target {} -> {} executors ({} tasks waiting, {} running)", target,
            decision.target(), demand.pendingTasks(), running);
        target = decision.target();
      }
      toRelease = decision.release();
    }
    for (String id : toRelease) {
      if (release.test(id)) {
        synchronized (this) {
          for (Map.Entry<ContainerId, String> e : executorIds.entrySet()) {
            if (e.getValue().equals(id)) {
              String why = "executor " + id + " released: idle for spindle.dynamicAllocation."
                  + (holdingCachedBlocks.contains(id) ? "cachedExecutorIdleTimeout" : "executorIdleTimeout");
              events.add(why);
              LOG.info("Dynamic allocation: {}", why);
              rm.releaseAssignedContainer(e.getKey());
              break;
            }
          }
        }
      }
    }
    synchronized (this) {
      updateRequests();
    }
  }

  /**
   * The driver lost executor {@code executorId} ({@code why}: its connection closed, or its
   * heartbeats stopped). Usually the ResourceManager reports its container ended within a few
   * heartbeats, with the exit status that says whether it counts as a failure. It does not when
   * the container's NodeManager died: the RM declares that node lost only after
   * {@code yarn.nm.liveness-monitor.expiry-interval-ms} (10 minutes by default) and counts the
   * container as running until then, so nothing would replace it; nor when the executor hangs
   * without exiting. Past {@code spindle.yarn.executor.lossReportTimeout} without that report,
   * {@link #releaseUnreportedLosses} gives the container back and asks for a replacement.
   */
  @Override
  public synchronized void executorLost(String executorId, String why, boolean unresponsive) {
    if (stopping) {
      return;
    }
    for (Map.Entry<ContainerId, String> e : executorIds.entrySet()) {
      if (e.getValue().equals(executorId)) {
        unreportedLosses.putIfAbsent(e.getKey(), new LostExecutor(executorId, why, unresponsive, nowMillis.getAsLong()));
        return;
      }
    }
  }

  /**
   * Releases the containers of lost executors the RM has not reported ended within the timeout,
   * and replaces them (not counted against spindle.executor.maxFailures: a released container's
   * later report carries no exit status of its own). For its tasks' attempts, the loss of one whose
   * connection had closed is the cluster's doing (a dead NodeManager: a process that exits is
   * reported within seconds); that of an unresponsive one, stuck while connected, counts as the
   * application's (a GC spiral in a task would otherwise be retried forever). A dead NodeManager
   * sends no heartbeats, and YARN's schedulers place containers on a node only when it heartbeats,
   * so the replacement lands elsewhere. The container's report, when the RM finally sends it, is
   * then ignored (its executor id is gone).
   */
  private void releaseUnreportedLosses() { // holds this
    if (unreportedLosses.isEmpty() || stopping) {
      return;
    }
    long now = nowMillis.getAsLong();
    for (var it = unreportedLosses.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<ContainerId, LostExecutor> e = it.next();
      if (now - e.getValue().sinceMillis() < lossReportTimeoutMs) {
        continue;
      }
      it.remove();
      ContainerId containerId = e.getKey();
      String id = executorIds.remove(containerId);
      Container gone = containers.remove(containerId);
      if (id == null) {
        continue; // reported meanwhile
      }
      endCausedByApp.computeIfAbsent(id, k -> new CompletableFuture<>()).complete(e.getValue().unresponsive());
      nm.completed(containerId); // not stopped at the end: its NodeManager may never answer
      rm.releaseAssignedContainer(containerId);
      notifyAll(); // close() waits for the containers to end
      String node = gone == null ? "?" : gone.getNodeId().toString();
      failed(id, new ContainerExit(false, "was lost (" + e.getValue().why() + ") and the ResourceManager did not "
          + "report its container " + containerId + " on " + node + " ended within spindle.yarn.executor."
          + "lossReportTimeout=" + lossReportTimeoutMs + " ms (a dead NodeManager is declared lost only after "
          + "yarn.nm.liveness-monitor.expiry-interval-ms): released and replaced"),
          gone == null ? null : gone.getNodeId().getHost());
    }
  }

  /**
   * Whether executor {@code executorId}'s end was the application's doing, once the ResourceManager
   * reported its container (usually within two heartbeats of the driver losing it): false for what
   * does not count against spindle.executor.maxFailures either ({@link ContainerExit}: preemption, a
   * lost node, failed disks, a container this launcher released); after
   * {@code spindle.yarn.executor.lossReportTimeout} without a report, see {@link #releaseUnreportedLosses}.
   */
  @Override
  public CompletableFuture<Boolean> lossCausedByApp(String executorId) {
    return endCausedByApp.computeIfAbsent(executorId, k -> new CompletableFuture<>());
  }

  /** {@code spindle.executor.failuresValidityInterval}: failures older than this stop counting (0: never). */
  synchronized void failuresValidityInterval(long millis) {
    failures.validity(millis);
  }

  /** {@code spindle.yarn.executor.lossReportTimeout}, and the clock it (and the failures' interval) is measured with. */
  synchronized void lossReportTimeout(long timeoutMs, java.util.function.LongSupplier clockMillis) {
    this.lossReportTimeoutMs = timeoutMs;
    this.nowMillis = clockMillis;
  }

  @Override
  public synchronized String diagnostics() {
    StringBuilder s = new StringBuilder("Executor containers (their logs are in the YARN application's logs):");
    for (String e : events) {
      s.append("\n  ").append(e);
    }
    return s.toString();
  }

  /**
   * The driver refuses executors from now on: one that registers late (its container was granted
   * or started just before) exits with an error, which must not count as a failure nor be replaced.
   */
  @Override
  public synchronized void driverStopping() {
    stopping = true;
    requests.clear();
  }

  /**
   * Stops the executor containers still running. The driver told its executors to exit and waited
   * for their connections to close before calling this, so it does not also wait for the
   * ResourceManager to report the containers complete (one or two heartbeats, most of a small
   * application's teardown): the NodeManagers stop what is left, and the AM unregisters at once.
   */
  @Override
  public void close() {
    int left;
    synchronized (this) {
      driverStopping(); // if the driver did not say so first (a launcher closed on its own)
      left = containers.size();
    }
    LOG.info("Stopping {} executor container(s)", left);
    nm.stop(); // stops the containers it started that are still running
  }

  /** NodeManager answers (the NM client's callback thread pool). */
  private final class NodeManagerEvents implements ContainerStarter.Events {
    @Override
    public void started(ContainerId containerId, Map<String, ByteBuffer> allServiceResponse) {
      String id;
      Container c;
      synchronized (YarnExecutorLauncher.this) {
        id = executorIds.get(containerId);
        c = containers.get(containerId);
      }
      CompletableFuture<String> address = id == null ? null : shuffleServices.get(id);
      if (address == null) {
        return;
      }
      ByteBuffer port = allServiceResponse == null ? null : allServiceResponse.get(ShuffleServiceData.SERVICE_NAME);
      if (port == null) {
        address.completeExceptionally(new IllegalStateException("The NodeManager " + c.getNodeId() + " runs no "
            + ShuffleServiceData.SERVICE_NAME + " auxiliary service: install it (docs/shuffle-service.md)"));
      } else {
        address.complete(c.getNodeId().getHost() + ":" + ShuffleServiceData.decodePort(port.duplicate()));
      }
    }

    @Override
    public void startFailed(ContainerId containerId, Throwable t) {
      synchronized (YarnExecutorLauncher.this) {
        String id = executorIds.remove(containerId);
        Container c = containers.remove(containerId);
        if (id != null) {
          rm.releaseAssignedContainer(containerId);
          failed(id, new ContainerExit(true, "could not be started: " + t), c == null ? null : c.getNodeId().getHost());
        }
      }
    }
  }
}
