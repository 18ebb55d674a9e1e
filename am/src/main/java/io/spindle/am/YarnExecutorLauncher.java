package io.spindle.am;

import io.spindle.cluster.ExecutorLauncher;
import io.spindle.shuffle.yarn.ShuffleServiceData;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
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
import org.apache.hadoop.yarn.api.records.ResourceRequest;
import org.apache.hadoop.yarn.client.api.AMRMClient.ContainerRequest;
import org.apache.hadoop.yarn.client.api.async.AMRMClientAsync;
import org.apache.hadoop.yarn.client.api.async.NMClientAsync;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executors in YARN containers: asks the ResourceManager (through the AM's client) for
 * {@code instances} containers of executor memory + overhead and cores, starts an executor in
 * each with the NodeManager client, learns each NodeManager's shuffle port from its
 * container-started answer, and replaces containers that fail until more than
 * {@code maxFailures} did (see {@link ContainerExit} for what counts); past that, during start-up
 * the driver's wait for its executors fails, and once jobs run the AM fails the application.
 *
 * <p>Not done: container requests carry no host preferences (the driver starts its executors
 * before any job, so there are no preferred locations yet; tasks still prefer the executors on
 * their blocks' hosts through delay scheduling), and no dynamic allocation.
 */
public final class YarnExecutorLauncher implements ExecutorLauncher {
  private static final Logger LOG = LoggerFactory.getLogger(YarnExecutorLauncher.class);
  private static final Priority PRIORITY = Priority.newInstance(1);
  private static final long SHUFFLE_PORT_WAIT_MS = 30_000;

  private final AMRMClientAsync<ContainerRequest> rm;
  private final NMClientAsync nm;
  private final ExecutorContainerSpec spec;
  private final Resource resource;
  private final int instances;
  private final int maxFailures;
  private final Map<ContainerId, Container> containers = new HashMap<>(); // running, by id; guarded by this
  private final Map<ContainerId, String> executorIds = new HashMap<>(); // guarded by this
  private final Map<String, CompletableFuture<String>> shuffleServices = new ConcurrentHashMap<>();
  private final List<String> events = new ArrayList<>(); // guarded by this; for diagnostics
  private final java.util.function.Consumer<String> failApplication;
  private final java.util.Set<String> registered = new java.util.HashSet<>(); // guarded by this
  private String driverAddress; // guarded by this
  private int pendingRequests; // guarded by this
  private int nextExecutorId = 1; // guarded by this
  private int failures; // guarded by this
  private boolean stopping; // guarded by this

  YarnExecutorLauncher(AMRMClientAsync<ContainerRequest> rm,
      java.util.function.Function<NMClientAsync.AbstractCallbackHandler, NMClientAsync> nmFactory,
      ExecutorContainerSpec spec, Resource resource, int instances, int maxFailures,
      java.util.function.Consumer<String> failApplication) {
    this.rm = rm;
    this.failApplication = failApplication;
    this.spec = spec;
    this.resource = resource;
    this.instances = instances;
    this.maxFailures = maxFailures;
    this.nm = nmFactory.apply(new NodeManagerEvents());
  }

  @Override
  public synchronized void launch(String driverHost, int driverPort) {
    driverAddress = driverHost + ":" + driverPort;
    LOG.info("Requesting {} executor containers of {} MiB and {} vcores", instances, resource.getMemorySize(),
        resource.getVirtualCores());
    for (int i = 0; i < instances; i++) {
      request();
    }
  }

  private void request() { // holds this
    rm.addContainerRequest(new ContainerRequest(resource, null, null, PRIORITY));
    pendingRequests++;
  }

  /** From the AM's heartbeat thread. */
  void onContainersAllocated(List<Container> allocated) {
    for (Container c : allocated) {
      synchronized (this) {
        if (stopping || pendingRequests == 0) {
          rm.releaseAssignedContainer(c.getId());
          continue;
        }
        pendingRequests--;
        // Else the client asks again for the satisfied request at every heartbeat.
        Collection<ContainerRequest> matching = firstMatching(c);
        if (!matching.isEmpty()) {
          rm.removeContainerRequest(matching.iterator().next());
        }
        String id = Integer.toString(nextExecutorId++);
        String host = c.getNodeId().getHost();
        containers.put(c.getId(), c);
        executorIds.put(c.getId(), id);
        shuffleServices.put(id, new CompletableFuture<>());
        events.add("executor " + id + ": container " + c.getId() + " on " + c.getNodeId());
        LOG.info("Starting executor {} in container {} on {}", id, c.getId(), c.getNodeId());
        nm.startContainerAsync(c, spec.build(id, host, driverAddress));
      }
    }
  }

  private Collection<ContainerRequest> firstMatching(Container c) {
    List<? extends Collection<ContainerRequest>> all = rm.getMatchingRequests(PRIORITY, ResourceRequest.ANY,
        c.getResource());
    if (all.isEmpty()) {
      all = rm.getMatchingRequests(PRIORITY, ResourceRequest.ANY, resource);
    }
    return all.isEmpty() ? List.of() : all.get(0);
  }

  /** From the AM's heartbeat thread: replaces failed executors until too many failed. */
  void onContainersCompleted(List<ContainerStatus> statuses) {
    for (ContainerStatus status : statuses) {
      synchronized (this) {
        String id = executorIds.remove(status.getContainerId());
        if (id == null) {
          continue; // the AM's own, or one released unstarted
        }
        containers.remove(status.getContainerId());
        notifyAll(); // close() waits for the containers to end
        ContainerExit exit = ContainerExit.of(status, stopping);
        failed(id, exit);
      }
    }
  }

  private void failed(String id, ContainerExit exit) { // holds this
    events.add("executor " + id + " " + exit.reason());
    CompletableFuture<String> shuffle = shuffleServices.remove(id);
    if (shuffle != null) {
      shuffle.completeExceptionally(new IllegalStateException("executor " + id + " " + exit.reason()));
    }
    if (stopping) {
      return;
    }
    if (exit.countsAsFailure()) {
      failures++;
      LOG.warn("Executor {} {} ({} of at most {} failures)", id, exit.reason(), failures, maxFailures);
    } else {
      LOG.info("Executor {} {}", id, exit.reason());
    }
    if (failures > maxFailures) {
      String why = failures + " executor containers failed, more than spindle.executor.maxFailures=" + maxFailures
          + "; the last one " + exit.reason();
      LOG.error("{}; not replacing them", why);
      if (registered.size() >= instances) {
        // Jobs are running (start-up is over): without replacements they could wait forever. During start-up
        // the driver's wait for executors fails instead, with exitedExecutors() and diagnostics().
        Thread t = new Thread(() -> failApplication.accept(why + "\n" + diagnostics()), "spindle-fail-application");
        t.start();
      }
      return;
    }
    request(); // a replacement
  }

  @Override
  public String shuffleServiceAddress(String executorId) {
    synchronized (this) {
      registered.add(executorId); // the driver asks once per registering executor
    }
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

  @Override
  public int expectedExecutors() {
    return instances;
  }

  /** Non-zero once more than maxFailures containers failed: the driver then stops waiting for executors. */
  @Override
  public synchronized int exitedExecutors() {
    return failures > maxFailures ? failures : 0;
  }

  @Override
  public synchronized String diagnostics() {
    StringBuilder s = new StringBuilder("Executor containers (their logs are in the YARN application's logs):");
    for (String e : events) {
      s.append("\n  ").append(e);
    }
    return s.toString();
  }

  /** Waits up to 10 s for executors told to shut down to end, then stops the remaining containers. */
  @Override
  public void close() {
    synchronized (this) {
      stopping = true;
    }
    long deadline = System.currentTimeMillis() + 10_000;
    List<Container> left;
    synchronized (this) {
      while (!containers.isEmpty() && System.currentTimeMillis() < deadline) {
        try {
          wait(200);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      left = new ArrayList<>(containers.values());
    }
    for (Container c : left) {
      LOG.warn("Executor container {} did not end after shutdown; stopping it", c.getId());
    }
    nm.stop(); // stops the containers still running
  }

  /** NodeManager answers (the NM client's callback thread pool). */
  private final class NodeManagerEvents extends NMClientAsync.AbstractCallbackHandler {
    @Override
    public void onContainerStarted(ContainerId containerId, Map<String, ByteBuffer> allServiceResponse) {
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
    public void onStartContainerError(ContainerId containerId, Throwable t) {
      synchronized (YarnExecutorLauncher.this) {
        String id = executorIds.remove(containerId);
        containers.remove(containerId);
        if (id != null) {
          rm.releaseAssignedContainer(containerId);
          failed(id, new ContainerExit(true, "could not be started: " + t));
        }
      }
    }

    @Override
    public void onContainerStatusReceived(ContainerId containerId, ContainerStatus status) {}

    @Override
    public void onContainerStopped(ContainerId containerId) {}

    @Override
    public void onGetContainerStatusError(ContainerId containerId, Throwable t) {}

    @Override
    public void onContainerResourceIncreased(ContainerId containerId, Resource resource) {}

    @Override
    public void onContainerResourceUpdated(ContainerId containerId, Resource resource) {}

    @Override
    public void onIncreaseContainerResourceError(ContainerId containerId, Throwable t) {}

    @Override
    public void onUpdateContainerResourceError(ContainerId containerId, Throwable t) {}

    @Override
    public void onStopContainerError(ContainerId containerId, Throwable t) {
      LOG.warn("Could not stop container {}: {}", containerId, t.toString());
    }
  }
}
