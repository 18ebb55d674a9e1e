package io.spindle.am;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.scheduler.ExecutorDemand;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.ContainerExitStatus;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.ContainerState;
import org.apache.hadoop.yarn.api.records.ContainerStatus;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.api.records.Priority;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.client.api.AMRMClient.ContainerRequest;
import org.junit.jupiter.api.Test;

/**
 * {@link YarnExecutorLauncher} against a fake ResourceManager client ({@link ContainerAllocator})
 * and fake NodeManagers ({@link ContainerStarter}): which container requests it makes for a
 * demand, what it does with the containers it gets, and how it counts the ones that end.
 * Host names end in {@code .invalid}, which never resolve, so they stay as they are.
 */
class YarnExecutorLauncherTest {
  private static final String NM1 = "nm1.invalid";
  private static final String NM2 = "nm2.invalid";
  private static final String NM3 = "nm3.invalid";
  private static final Map<String, String> RACKS = Map.of(NM1, "/r1", NM2, "/r1", NM3, "/r2");
  private static final long CONTAINER_MIB = 1536;
  private static final long HEAP_MIB = 1024;
  private static final int CORES = 2;
  private static final int NORMAL_HEARTBEAT_MS = 1000;
  private static final int FAST_HEARTBEAT_MS = 200; // Spark's initial allocation interval
  private static final String MAIN_CLASS = "io.spindle.test.ExecutorMain";
  private static final ApplicationAttemptId ATTEMPT =
      ApplicationAttemptId.newInstance(ApplicationId.newInstance(1_700_000_000_000L, 7), 1);

  /** The RM client as the RM would see it: the requests outstanding, and every call made. */
  private static final class FakeAllocator implements ContainerAllocator {
    final List<ContainerRequest> outstanding = new ArrayList<>();
    final List<ContainerRequest> removed = new ArrayList<>();
    final List<ContainerId> released = new ArrayList<>();
    final List<Integer> heartbeats = new ArrayList<>();
    final List<String> blacklistCalls = new ArrayList<>();
    int clusterNodes = 3;
    int added;

    @Override
    public synchronized void updateBlacklist(List<String> additions, List<String> removals) {
      blacklistCalls.add("+" + additions + " -" + removals);
    }

    @Override
    public synchronized int clusterNodeCount() {
      return clusterNodes;
    }

    @Override
    public synchronized void addContainerRequest(ContainerRequest request) {
      outstanding.add(request);
      added++;
    }

    @Override
    public synchronized void removeContainerRequest(ContainerRequest request) {
      assertTrue(outstanding.removeIf(r -> r == request), "removed a request that was not outstanding");
      removed.add(request);
    }

    @Override
    public synchronized void releaseAssignedContainer(ContainerId containerId) {
      released.add(containerId);
    }

    @Override
    public synchronized void setHeartbeatInterval(int intervalMs) {
      heartbeats.add(intervalMs);
    }

    /** The outstanding requests' locality, as "node[,node] rack[,rack]" strings, sorted. */
    synchronized List<String> placements() {
      return outstanding.stream().map(YarnExecutorLauncherTest::placement).sorted().toList();
    }
  }

  /** NodeManagers that record what they were asked to start; the test answers for them through {@link #events}. */
  private static final class FakeNodeManagers implements ContainerStarter {
    final Map<ContainerId, ContainerLaunchContext> started = new LinkedHashMap<>();
    final List<ContainerId> completed = new ArrayList<>(); // not to be stopped at the end
    ContainerStarter.Events events;
    boolean stopped;

    @Override
    public synchronized void completed(ContainerId containerId) {
      completed.add(containerId);
    }

    @Override
    public synchronized void startContainer(Container container, ContainerLaunchContext launchContext) {
      started.put(container.getId(), launchContext);
    }

    @Override
    public synchronized void stop() {
      stopped = true;
    }
  }

  private final FakeAllocator rm = new FakeAllocator();
  private final FakeNodeManagers nm = new FakeNodeManagers();
  private final ConcurrentLinkedQueue<String> appFailures = new ConcurrentLinkedQueue<>();
  private int nextContainer = 2; // 1 is the AM's

  private YarnExecutorLauncher launcher(int instances, int maxFailures) {
    ExecutorContainerSpec spec = new ExecutorContainerSpec(new ExecutorResources(Map.of(), List.of()),
        List.of("__app__.jar"), "/opt/jdk", HEAP_MIB, CORES, MAIN_CLASS, ATTEMPT.getApplicationId().toString(),
        new byte[] {1, 2, 3});
    YarnExecutorLauncher launcher = new YarnExecutorLauncher(rm, events -> {
      nm.events = events;
      return nm;
    }, spec, Resource.newInstance(CONTAINER_MIB, CORES), instances, maxFailures, appFailures::add, RACKS::get,
        NORMAL_HEARTBEAT_MS);
    launcher.launch("driver.invalid", 7077);
    return launcher;
  }

  private Container container(String host) {
    ContainerId id = ContainerId.newContainerId(ATTEMPT, nextContainer++);
    return Container.newInstance(id, NodeId.newInstance(host, 8041), host + ":8042",
        Resource.newInstance(CONTAINER_MIB, CORES), Priority.newInstance(1), null);
  }

  private static ContainerStatus exited(Container c, int exitStatus) {
    return ContainerStatus.newInstance(c.getId(), ContainerState.COMPLETE, "diagnostics of " + c.getId(), exitStatus);
  }

  private static String placement(ContainerRequest r) {
    List<String> nodes = r.getNodes() == null ? List.of() : r.getNodes();
    List<String> racks = r.getRacks() == null ? List.of() : r.getRacks();
    return nodes.isEmpty() && racks.isEmpty() ? "anywhere" : String.join(",", nodes) + " " + String.join(",", racks);
  }

  @Test
  void nothingIsRequestedUntilTasksArePendingThenOneRequestPerExecutor() {
    YarnExecutorLauncher launcher = launcher(3, 5);
    assertTrue(launcher.launchesOnDemand());
    assertEquals(3 * CORES, launcher.expectedTotalCores());
    assertEquals(0, rm.added);
    launcher.demandChanged(ExecutorDemand.NONE);
    assertEquals(0, rm.added, "no job has tasks yet");

    launcher.demandChanged(new ExecutorDemand(10, Map.of()));
    assertEquals(List.of("anywhere", "anywhere", "anywhere"), rm.placements());
    for (ContainerRequest r : rm.outstanding) {
      assertEquals(CONTAINER_MIB, r.getCapability().getMemorySize());
      assertEquals(CORES, r.getCapability().getVirtualCores());
      assertTrue(r.getRelaxLocality());
    }
    assertEquals(List.of(FAST_HEARTBEAT_MS), rm.heartbeats, "heartbeat fast while requests are outstanding");
    // The same demand again changes nothing.
    launcher.demandChanged(new ExecutorDemand(10, Map.of()));
    assertEquals(3, rm.added);
    assertEquals(List.of(), rm.removed);
  }

  @Test
  void requestsFollowThePendingTasksHostsAndStaleOnesAreRemoved() {
    YarnExecutorLauncher launcher = launcher(2, 5);
    // 8 tasks prefer nm1; 2 executors of 2 cores: nm1 wants min(ceil(8*2/8), ceil(8/2)) = 2 of them.
    launcher.demandChanged(new ExecutorDemand(8, Map.of(NM1, 8)));
    assertEquals(List.of(NM1 + " /r1", NM1 + " /r1"), rm.placements());
    List<ContainerRequest> onNm1 = List.copyOf(rm.outstanding);

    // The work moves to nm3: both nm1 requests are stale.
    launcher.demandChanged(new ExecutorDemand(8, Map.of(NM3, 8)));
    assertEquals(List.of(NM3 + " /r2", NM3 + " /r2"), rm.placements());
    assertEquals(onNm1, rm.removed);

    // Half and half: each host wants min(ceil(4*2/8), ceil(4/2)) = 1; one nm3 request stays, one becomes nm1's.
    launcher.demandChanged(new ExecutorDemand(8, Map.of(NM1, 4, NM3, 4)));
    assertEquals(List.of(NM1 + " /r1", NM3 + " /r2"), rm.placements());
    assertEquals(3, rm.removed.size());
    assertEquals(5, rm.added);
  }

  @Test
  void allocatedContainersStartExecutorsFromTheSpecAndSurplusOnesAreReleased() {
    YarnExecutorLauncher launcher = launcher(2, 5);
    launcher.demandChanged(new ExecutorDemand(4, Map.of()));
    Container c1 = container(NM1);
    Container c2 = container(NM2);
    Container surplus = container(NM3);
    launcher.onContainersAllocated(List.of(c1, c2, surplus));

    assertEquals(List.of(c1.getId(), c2.getId()), List.copyOf(nm.started.keySet()));
    assertEquals(List.of(surplus.getId()), rm.released);
    assertEquals(List.of(), rm.outstanding, "the satisfied requests are removed, not asked for again");
    assertEquals(2, rm.removed.size());
    assertEquals(List.of(FAST_HEARTBEAT_MS, NORMAL_HEARTBEAT_MS), rm.heartbeats);

    // The launch context is the executor's: its id, host, driver, cores, heap, main class and the shuffle secret.
    ContainerLaunchContext first = nm.started.get(c1.getId());
    Map<String, String> env = first.getEnvironment();
    assertEquals("1", env.get("SPINDLE_EXECUTOR_ID"));
    assertEquals(NM1, env.get("SPINDLE_EXECUTOR_HOST"));
    assertEquals("driver.invalid:7077", env.get("SPINDLE_DRIVER_ADDRESS"));
    assertEquals(Integer.toString(CORES), env.get("SPINDLE_EXECUTOR_CORES"));
    assertEquals(ATTEMPT.getApplicationId().toString(), env.get("SPINDLE_APP_ID"));
    String command = String.join(" ", first.getCommands());
    assertTrue(command.startsWith("/opt/jdk/bin/java -Xmx" + HEAP_MIB + "m "), command);
    assertTrue(command.contains(" " + MAIN_CLASS + " "), command);
    assertTrue(first.getServiceData().containsKey("spindle_shuffle"));
    assertEquals("2", nm.started.get(c2.getId()).getEnvironment().get("SPINDLE_EXECUTOR_ID"));

    // The NodeManager's answer carries its shuffle service's port (a big-endian int).
    nm.events.started(c1.getId(), Map.of("spindle_shuffle", ByteBuffer.allocate(4).putInt(7337).flip()));
    assertEquals(NM1 + ":7337", launcher.shuffleServiceAddress("1"));
    nm.events.started(c2.getId(), Map.of()); // no shuffle service on nm2
    assertNull(launcher.shuffleServiceAddress("2"));
    assertNull(launcher.shuffleServiceAddress("99"));

    // Later allocations (YARN may send more than asked) are given back at once.
    Container late = container(NM1);
    launcher.onContainersAllocated(List.of(late));
    assertEquals(List.of(surplus.getId(), late.getId()), rm.released);
    assertEquals(2, nm.started.size());
  }

  /** Allocates one container for the one outstanding request, completes it with {@code exitStatus}. */
  private void runAndEnd(YarnExecutorLauncher launcher, int exitStatus) {
    assertEquals(1, rm.outstanding.size(), "a request for the executor is outstanding");
    Container c = container(NM1);
    launcher.onContainersAllocated(List.of(c));
    assertTrue(nm.started.containsKey(c.getId()));
    launcher.onContainersCompleted(List.of(exited(c, exitStatus)));
  }

  @Test
  void theClustersDoingDoesNotCountAsAFailure() {
    YarnExecutorLauncher launcher = launcher(1, 1);
    launcher.demandChanged(new ExecutorDemand(1, Map.of()));
    int[] notFailures = {ContainerExitStatus.PREEMPTED, ContainerExitStatus.DISKS_FAILED,
        ContainerExitStatus.ABORTED, ContainerExitStatus.KILLED_BY_APPMASTER, ContainerExitStatus.SUCCESS};
    for (int round = 0; round < 3; round++) {
      for (int exit : notFailures) {
        runAndEnd(launcher, exit); // each is replaced: a new request goes out
      }
    }
    assertEquals(1, rm.outstanding.size());
    assertEquals(1 + 3 * notFailures.length, rm.added);
    String diagnostics = launcher.diagnostics();
    assertTrue(diagnostics.contains("preempted by the ResourceManager"), diagnostics);
    assertTrue(diagnostics.contains("the NodeManager's disks failed"), diagnostics);
    assertTrue(diagnostics.contains("released or killed by the ApplicationMaster"), diagnostics);
    assertTrue(appFailures.isEmpty());
  }

  /**
   * spindle.executor.failuresValidityInterval (fake clock): failures older than the interval stop
   * counting, so failures spread out never fail the application; close together they do, and the
   * message names the interval.
   */
  @Test
  void failuresOlderThanTheValidityIntervalNoLongerCount() {
    java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong(1_000_000);
    YarnExecutorLauncher launcher = launcher(1, 1);
    launcher.lossReportTimeout(30_000, now::get);
    launcher.failuresValidityInterval(60_000);
    launcher.demandChanged(new ExecutorDemand(1, Map.of()));
    for (int i = 0; i < 5; i++) { // one failure every 61 s: never two within the interval
      runAndEnd(launcher, 1);
      now.addAndGet(61_000);
    }
    assertTrue(appFailures.isEmpty(), "5 failures, each alone in its interval");
    assertEquals(1, rm.outstanding.size(), "still replaced");

    runAndEnd(launcher, 1); // 1 of 1
    now.addAndGet(59_000);
    runAndEnd(launcher, 137); // 2 within 60 s: more than 1
    await().atMost(Duration.ofSeconds(10)).until(() -> !appFailures.isEmpty());
    assertTrue(appFailures.peek().startsWith("2 executor containers failed, more than spindle.executor.maxFailures=1"
        + " within spindle.executor.failuresValidityInterval=60000 ms"), appFailures.peek());
  }

  @Test
  void applicationFailuresCountAndTheApplicationFailsPastTheLimit() {
    YarnExecutorLauncher launcher = launcher(1, 2);
    launcher.demandChanged(new ExecutorDemand(1, Map.of()));
    runAndEnd(launcher, ContainerExitStatus.KILLED_EXCEEDED_PMEM); // failure 1 of at most 2
    runAndEnd(launcher, ContainerExitStatus.PREEMPTED); // not counted
    runAndEnd(launcher, 1); // failure 2: still replaced
    assertEquals(1, rm.outstanding.size());
    assertTrue(appFailures.isEmpty());

    runAndEnd(launcher, 137); // failure 3 > 2: no replacement, the application fails
    assertEquals(List.of(), rm.outstanding, "no more requests once it gave up");
    await().atMost(Duration.ofSeconds(10)).until(() -> !appFailures.isEmpty());
    String why = appFailures.peek();
    assertTrue(why.startsWith("3 executor containers failed, more than spindle.executor.maxFailures=2"), why);
    assertTrue(why.contains("exited with code 137"), why);
    assertTrue(why.contains("killed by YARN for exceeding its memory limit"), why);
    // Containers that still arrive are given back, and nothing more is requested.
    Container late = container(NM2);
    launcher.onContainersAllocated(List.of(late));
    assertTrue(rm.released.contains(late.getId()));
    assertEquals(List.of(), rm.outstanding);
    assertEquals(1, appFailures.size());
  }

  @Test
  void aContainerThatCannotStartIsReleasedCountedAndReplaced() {
    YarnExecutorLauncher launcher = launcher(1, 0);
    launcher.demandChanged(new ExecutorDemand(1, Map.of()));
    Container c = container(NM1);
    launcher.onContainersAllocated(List.of(c));
    nm.events.startFailed(c.getId(), new RuntimeException("NodeManager unreachable"));
    assertEquals(List.of(c.getId()), rm.released);
    // maxFailures 0: the first failure is already too many.
    await().atMost(Duration.ofSeconds(10)).until(() -> !appFailures.isEmpty());
    assertTrue(appFailures.peek().contains("could not be started"), appFailures.peek());
    // Its completion report, when it comes, is not counted again.
    launcher.onContainersCompleted(List.of(exited(c, ContainerExitStatus.KILLED_BY_APPMASTER)));
    assertFalse(launcher.diagnostics().contains("released or killed by the ApplicationMaster"));
  }

  @Test
  void containersEndingWhileStoppingAreNotFailuresAndCloseStopsTheNodeManagerClient() {
    YarnExecutorLauncher launcher = launcher(2, 0);
    launcher.demandChanged(new ExecutorDemand(2, Map.of()));
    Container c1 = container(NM1);
    launcher.onContainersAllocated(List.of(c1));
    assertEquals(1, rm.outstanding.size());
    // A completion for a container the launcher never started (the AM's own) is ignored.
    launcher.onContainersCompleted(List.of(ContainerStatus.newInstance(ContainerId.newContainerId(ATTEMPT, 1),
        ContainerState.COMPLETE, "", 1)));
    assertEquals(1, rm.outstanding.size(), "not counted: with maxFailures 0 it would have given up");
    launcher.close();
    assertTrue(nm.stopped);
    assertEquals(List.of(), rm.outstanding, "close withdraws the outstanding requests");
    launcher.onContainersCompleted(List.of(exited(c1, 143)));
    assertTrue(launcher.diagnostics().contains("while the driver stopped"), launcher.diagnostics());
    assertTrue(appFailures.isEmpty());
    assertEquals(0, rm.outstanding.size(), "no replacement while stopping");
  }
  /**
   * The driver lost an executor whose NodeManager died: the RM reports nothing until it declares
   * the node lost (10 min by default). After spindle.yarn.executor.lossReportTimeout (fake clock)
   * the launcher releases the container and asks for a replacement, not counted as a failure
   * (maxFailures 0 would fail the application); the RM's report, when it comes, changes nothing.
   */
  /** The clock the loss-report timeout reads, in ms; tests move it. */
  private final java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong(1_000_000);

  /**
   * A launcher of {@code executors} (at most {@code maxFailures} failures) with a 30 s loss-report
   * timeout on {@link #now}, its executors asked for and granted on {@code nodes} in order.
   */
  private YarnExecutorLauncher lossTestLauncher(int executors, int maxFailures, List<Container> granted) {
    YarnExecutorLauncher launcher = launcher(executors, maxFailures);
    launcher.lossReportTimeout(30_000, now::get);
    launcher.demandChanged(new ExecutorDemand(executors, Map.of()));
    launcher.onContainersAllocated(granted);
    return launcher;
  }

  @Test
  void anExecutorLostWithoutTheResourceManagersReportIsReleasedAndReplacedAfterTheTimeout() {
    Container c1 = container(NM1);
    Container c2 = container(NM2);
    YarnExecutorLauncher launcher = lossTestLauncher(2, 0, List.of(c1, c2));
    assertEquals(0, rm.outstanding.size());
    int requestsBefore = rm.added;

    launcher.executorLost("1", "its connection to the driver closed", false);
    now.addAndGet(29_999);
    launcher.executorsActivity(Map.of("2", 0), id -> false);
    assertEquals(List.of(), rm.released, "not before the timeout");
    assertEquals(0, rm.outstanding.size());

    now.addAndGet(1);
    launcher.executorsActivity(Map.of("2", 0), id -> false);
    assertEquals(List.of(c1.getId()), rm.released);
    assertEquals(List.of(c1.getId()), nm.completed, "its dead NodeManager is not asked to stop it at the end");
    assertEquals(requestsBefore + 1, rm.added, "one replacement");
    assertEquals(1, rm.outstanding.size());
    String diagnostics = launcher.diagnostics();
    assertTrue(diagnostics.contains("executor 1 was lost (its connection to the driver closed) and the "
        + "ResourceManager did not report its container " + c1.getId() + " on " + NM1 + ":8041 ended within "
        + "spindle.yarn.executor.lossReportTimeout=30000 ms"), diagnostics);
    assertTrue(appFailures.isEmpty(), "not counted as a failure");

    // Ten minutes later the RM declares the node lost: already replaced, so neither counted nor replaced again.
    launcher.onContainersCompleted(List.of(ContainerStatus.newInstance(c1.getId(), ContainerState.COMPLETE,
        "Container released on a *lost* node", ContainerExitStatus.ABORTED)));
    now.addAndGet(600_000);
    launcher.executorsActivity(Map.of("2", 0), id -> false);
    assertEquals(requestsBefore + 1, rm.added);
    assertEquals(List.of(c1.getId()), rm.released);
    assertTrue(appFailures.isEmpty());
  }

  /**
   * Whether a lost executor's end was the application's doing, for its tasks' attempts: the RM's
   * report says (preempted: no; exit 137: yes), asked before or after it came; a container released
   * after the loss-report timeout: no.
   */
  @Test
  void theLossOfAnExecutorIsTheApplicationsDoingOnlyWhenItsContainerExitCounts() throws Exception {
    Container c1 = container(NM1);
    Container c2 = container(NM2);
    Container c3 = container(NM3);
    YarnExecutorLauncher launcher = lossTestLauncher(3, 10, List.of(c1, c2, c3));

    launcher.executorLost("1", "its connection to the driver closed", false);
    java.util.concurrent.CompletableFuture<Boolean> first = launcher.lossCausedByApp("1");
    assertFalse(first.isDone(), "not known before the RM reports");
    launcher.onContainersCompleted(List.of(exited(c1, ContainerExitStatus.PREEMPTED)));
    assertEquals(false, first.getNow(null), "preempted: the cluster's doing");

    launcher.onContainersCompleted(List.of(exited(c2, 137)));
    launcher.executorLost("2", "its connection to the driver closed", false);
    assertEquals(true, launcher.lossCausedByApp("2").getNow(null), "exit 137, reported before the driver asked");

    // Unreported past the timeout: released; a closed connection is the cluster's doing (a dead
    // NodeManager), a stuck executor (heartbeats stopped while connected) the application's.
    Container c4 = container(NM1);
    Container c5 = container(NM2);
    launcher.onContainersAllocated(List.of(c4, c5)); // executors 4 and 5 replace 1 and 2
    launcher.executorLost("3", "no heartbeat for 61000 ms (spindle.network.timeoutMs)", true);
    launcher.executorLost("4", "its connection to the driver closed", false);
    java.util.concurrent.CompletableFuture<Boolean> third = launcher.lossCausedByApp("3");
    java.util.concurrent.CompletableFuture<Boolean> fourth = launcher.lossCausedByApp("4");
    now.addAndGet(30_000);
    launcher.executorsActivity(Map.of(), id -> false);
    assertTrue(rm.released.containsAll(List.of(c3.getId(), c4.getId())), rm.released.toString());
    assertEquals(true, third.getNow(null), "stuck: the application's doing");
    assertEquals(false, fourth.getNow(null), "gone without a report: the cluster's doing");
    assertTrue(appFailures.isEmpty(), "neither counts against spindle.executor.maxFailures");
  }

  /**
   * A lost executor whose container the RM reports ended within the timeout keeps that report's
   * verdict (here a counted failure) and is replaced once, by that report; nothing is released.
   * Losses while the driver stops are no one's concern.
   */
  @Test
  void aLossTheResourceManagerReportsInTimeIsCountedByItsExitStatusAndReplacedOnce() {
    Container c1 = container(NM1);
    Container c2 = container(NM2);
    YarnExecutorLauncher launcher = lossTestLauncher(2, 1, List.of(c1, c2));
    int requestsBefore = rm.added;

    launcher.executorLost("1", "its connection to the driver closed", false);
    now.addAndGet(2_000);
    launcher.onContainersCompleted(List.of(exited(c1, 137)));
    assertEquals(requestsBefore + 1, rm.added, "replaced by the report");
    now.addAndGet(60_000);
    launcher.executorsActivity(Map.of("2", 0), id -> false);
    assertEquals(List.of(), rm.released, "the report came: nothing to release");
    assertEquals(requestsBefore + 1, rm.added, "not replaced twice");
    assertTrue(launcher.diagnostics().contains("executor 1 exited with code 137"), launcher.diagnostics());
    assertFalse(launcher.diagnostics().contains("lossReportTimeout"), launcher.diagnostics());

    launcher.driverStopping();
    launcher.executorLost("2", "its connection to the driver closed", false);
    now.addAndGet(60_000);
    launcher.executorsActivity(Map.of(), id -> false);
    assertEquals(List.of(), rm.released, "nothing released for a loss while the driver stops");
    assertTrue(appFailures.isEmpty(), "one failure of at most 1");
  }

  /**
   * An executor whose container was granted just before the driver began stopping registers late,
   * is refused and exits 1: that exit is the driver's doing, not a failure (it once made a WARN
   * counted as a launch failure), and nothing more is asked for.
   */
  @Test
  void anExecutorEndingOnceTheDriverBeganStoppingIsNeitherCountedNorReplaced() {
    YarnExecutorLauncher launcher = launcher(2, 0);
    launcher.demandChanged(new ExecutorDemand(2, Map.of()));
    Container c1 = container(NM1);
    launcher.onContainersAllocated(List.of(c1));
    assertEquals(1, rm.outstanding.size());
    launcher.driverStopping();
    assertEquals(List.of(), rm.outstanding, "no more executors asked for");
    assertFalse(nm.stopped, "the containers are stopped by close(), after the driver told its executors to exit");
    launcher.onContainersCompleted(List.of(exited(c1, 1)));
    assertTrue(launcher.diagnostics().contains("exited with 1 while the driver stopped"), launcher.diagnostics());
    assertTrue(appFailures.isEmpty(), "with maxFailures 0 a counted failure would have failed the application");
    launcher.demandChanged(new ExecutorDemand(2, Map.of()));
    assertEquals(0, rm.outstanding.size(), "no replacement while stopping");
    launcher.close();
    assertTrue(nm.stopped);
  }

  /**
   * Dynamic allocation through the launcher (fake clock): requests grow 1, then 2 while tasks wait,
   * up to maxExecutors; once the work is done the executors idle for the timeout are released
   * (driver told, containers released), and none is replaced or counted as a failure.
   */
  @Test
  void dynamicAllocationGrowsRequestsWhileTasksWaitAndReleasesIdleExecutors() {
    java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong(5_000_000);
    io.spindle.SpindleConf conf = new io.spindle.SpindleConf(false).set("spindle.dynamicAllocation.enabled", "true")
        .set("spindle.dynamicAllocation.maxExecutors", "3")
        .set("spindle.dynamicAllocation.executorIdleTimeout", "10s");
    YarnExecutorLauncher launcher = launcher(0, 5);
    launcher.enableDynamicAllocation(new DynamicAllocationPolicy(ElasticConfigs.dynamicAllocationBounds(conf), CORES,
        now::get));
    List<String> releasedByDriver = new ArrayList<>();
    launcher.demandChanged(new ExecutorDemand(20, Map.of()));
    launcher.executorsActivity(Map.of(), releasedByDriver::add);
    assertEquals(0, rm.added, "tasks have not waited schedulerBacklogTimeout yet");
    now.addAndGet(1_000);
    launcher.executorsActivity(Map.of(), releasedByDriver::add);
    assertEquals(1, rm.outstanding.size(), "+1");
    now.addAndGet(1_000);
    launcher.executorsActivity(Map.of(), releasedByDriver::add);
    assertEquals(3, rm.outstanding.size(), "+2");
    now.addAndGet(1_000);
    launcher.executorsActivity(Map.of(), releasedByDriver::add);
    assertEquals(3, rm.outstanding.size(), "maxExecutors");

    List<Container> granted = List.of(container(NM1), container(NM2), container(NM3));
    launcher.onContainersAllocated(granted);
    assertEquals(3, nm.started.size());
    launcher.demandChanged(new ExecutorDemand(0, Map.of()));
    Map<String, Integer> idle = Map.of("1", 0, "2", 0, "3", 0);
    launcher.executorsActivity(idle, releasedByDriver::add);
    assertEquals(0, launcher.target(), "no task left: down to minExecutors (0)");
    now.addAndGet(9_999);
    launcher.executorsActivity(idle, releasedByDriver::add);
    assertEquals(List.of(), releasedByDriver);
    now.addAndGet(1);
    launcher.executorsActivity(idle, releasedByDriver::add);
    assertEquals(List.of("1", "2", "3"), releasedByDriver);
    assertEquals(granted.stream().map(Container::getId).toList(), rm.released);
    int requests = rm.added;
    launcher.onContainersCompleted(granted.stream()
        .map(c -> exited(c, ContainerExitStatus.KILLED_BY_APPMASTER)).toList());
    assertEquals(requests, rm.added, "a released executor is not replaced");
    assertEquals(List.of(), rm.outstanding);
    assertTrue(appFailures.isEmpty());
  }

  @Test
  void nodesWhereContainersFailGoToYarnsExclusionListCappedByTheClustersSize() {
    YarnExecutorLauncher launcher = launcher(2, 100);
    long[] now = {0};
    launcher.enableNodeExclusion(2, 0.33, 3_600_000, () -> now[0]);
    rm.clusterNodes = 10; // cap: floor(0.33 x 10) = 3
    launcher.demandChanged(new ExecutorDemand(2, Map.of()));
    for (String host : List.of(NM1, NM2, NM3)) {
      for (int i = 0; i < 2; i++) {
        Container c = container(host);
        launcher.onContainersAllocated(List.of(c));
        if (i == 0) {
          nm.events.startFailed(c.getId(), new java.io.IOException("launch refused")); // a launch failure
        } else {
          launcher.onContainersCompleted(List.of(exited(c, 1))); // an exit that counts
        }
      }
      now[0] += 1000;
    }
    assertEquals(java.util.Set.of(NM1, NM2, NM3), launcher.excludedNodes());
    assertEquals(List.of("+[" + NM1 + "] -[]", "+[" + NM2 + "] -[]", "+[" + NM3 + "] -[]"), rm.blacklistCalls);

    rm.clusterNodes = 6; // the cluster shrank: cap 1, the most recently excluded stays
    launcher.demandChanged(new ExecutorDemand(2, Map.of()));
    assertEquals(java.util.Set.of(NM3), launcher.excludedNodes());
    assertEquals("+[] -[" + NM1 + ", " + NM2 + "]", rm.blacklistCalls.get(3));

    now[0] += 3_600_000; // spindle.excludeOnFailure.timeout
    launcher.demandChanged(new ExecutorDemand(2, Map.of()));
    assertEquals(java.util.Set.of(), launcher.excludedNodes());
    assertEquals("+[] -[" + NM3 + "]", rm.blacklistCalls.get(4));
  }

  @Test
  void preemptionAndReleasesNeverExcludeANodeAndExclusionIsOffByDefault() {
    YarnExecutorLauncher off = launcher(2, 100);
    off.demandChanged(new ExecutorDemand(2, Map.of()));
    for (int i = 0; i < 3; i++) {
      Container c = container(NM1);
      off.onContainersAllocated(List.of(c));
      off.onContainersCompleted(List.of(exited(c, 1)));
    }
    assertEquals(List.of(), rm.blacklistCalls, "spindle.excludeOnFailure.enabled is false by default");

    YarnExecutorLauncher on = launcher(2, 100);
    on.enableNodeExclusion(2, 1.0, 3_600_000, () -> 0);
    on.demandChanged(new ExecutorDemand(2, Map.of()));
    for (int i = 0; i < 3; i++) {
      Container c = container(NM2);
      on.onContainersAllocated(List.of(c));
      on.onContainersCompleted(List.of(exited(c, org.apache.hadoop.yarn.api.records.ContainerExitStatus.PREEMPTED)));
    }
    assertEquals(java.util.Set.of(), on.excludedNodes(), "preemption is not the node's fault");
  }

  @Test
  void withThreeNodesTheDefaultCapExcludesNone() {
    long[] calls = {0};
    YarnNodeExclusion exclusion = new YarnNodeExclusion(1, 0.33, 3_600_000, () -> 0, new YarnNodeExclusion.YarnList() {
      @Override
      public void update(List<String> additions, List<String> removals) {
        calls[0]++;
      }

      @Override
      public int clusterNodes() {
        return 3;
      }
    });
    exclusion.containerFailed(NM1);
    assertEquals(java.util.Set.of(), exclusion.excluded(), "floor(0.33 x 3) = 0: a third of 3 nodes is less than one");
    assertEquals(0, calls[0]);
  }

  /**
   * An idle executor the driver knows holds cached blocks waits for cachedExecutorIdleTimeout, the
   * others go at executorIdleTimeout; its release is logged with the cached key.
   */
  @Test
  void anIdleExecutorHoldingCachedBlocksIsKeptUntilTheCachedTimeout() {
    java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong(5_000_000);
    io.spindle.SpindleConf conf = new io.spindle.SpindleConf(false).set("spindle.dynamicAllocation.enabled", "true")
        .set("spindle.dynamicAllocation.initialExecutors", "2")
        .set("spindle.dynamicAllocation.executorIdleTimeout", "10s")
        .set("spindle.dynamicAllocation.cachedExecutorIdleTimeout", "60s");
    YarnExecutorLauncher launcher = launcher(0, 5);
    launcher.enableDynamicAllocation(new DynamicAllocationPolicy(ElasticConfigs.dynamicAllocationBounds(conf), CORES,
        now::get));
    launcher.demandChanged(new ExecutorDemand(2, Map.of()));
    List<Container> granted = List.of(container(NM1), container(NM2));
    launcher.onContainersAllocated(granted);
    launcher.demandChanged(new ExecutorDemand(0, Map.of()));
    List<String> releasedByDriver = new ArrayList<>();
    Map<String, Integer> idle = Map.of("1", 0, "2", 0);
    java.util.Set<String> cached = java.util.Set.of("2");
    launcher.executorsActivity(idle, cached, releasedByDriver::add);
    now.addAndGet(10_000);
    launcher.executorsActivity(idle, cached, releasedByDriver::add);
    assertEquals(List.of("1"), releasedByDriver, "the executor without cached blocks goes at executorIdleTimeout");
    now.addAndGet(49_999);
    launcher.executorsActivity(Map.of("2", 0), cached, releasedByDriver::add);
    assertEquals(List.of("1"), releasedByDriver, "59.999 s idle: the executor holding cached blocks stays");
    now.addAndGet(1);
    launcher.executorsActivity(Map.of("2", 0), cached, releasedByDriver::add);
    assertEquals(List.of("1", "2"), releasedByDriver);
    assertEquals(granted.stream().map(Container::getId).toList(), rm.released);
    assertTrue(launcher.diagnostics().contains("released: idle for spindle.dynamicAllocation.cachedExecutorIdleTimeout"),
        launcher.diagnostics());
  }

  /** Spark's YARN log links: the container's stdout/stderr on its NodeManager's web UI, as the submitter. */
  @Test
  void executorLogLinksPointAtTheContainersLogsOnItsNodeManager() {
    YarnExecutorLauncher launcher = launcher(1, 5);
    launcher.demandChanged(new ExecutorDemand(1, Map.of()));
    assertEquals(Map.of(), launcher.logUrls("1"), "no links before the AM said where");
    launcher.logsOnNodeManagers("http://", "alice");
    Container c = container(NM1);
    launcher.onContainersAllocated(List.of(c));
    String base = "http://" + NM1 + ":8042/node/containerlogs/" + c.getId() + "/alice/";
    assertEquals(Map.of("stdout", base + "stdout?start=-4096", "stderr", base + "stderr?start=-4096"),
        launcher.logUrls("1"));
    assertEquals(Map.of(), launcher.logUrls("2"), "an unknown executor has none");
  }
}

