package io.spindle.am;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.client.api.async.NMClientAsync;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ContainerStarter} over Hadoop's {@code NMClientAsync} whose {@link #stop} never blocks on a
 * dead NodeManager. Hadoop's own stop ({@code cleanupRunningContainersOnStop}, on by default) stops
 * every started container synchronously, one after the other, each retried against an unreachable
 * NodeManager for {@code yarn.client.nodemanager-connect.max-wait-ms} (3 minutes): an application
 * whose job ended 50 s after start reached its final state 3 minutes later. Here the containers the
 * ResourceManager has not reported complete (a lost node's are reported so, with -100) are stopped
 * asynchronously, all at once, with a bounded wait; the NM client is then stopped without its own
 * cleanup, on a daemon thread that is not waited for longer than the same bound. What is left
 * YARN stops when the application unregisters.
 */
final class BoundedStopStarter implements ContainerStarter {
  private static final Logger LOG = LoggerFactory.getLogger(BoundedStopStarter.class);
  static final long STOP_WAIT_MS = 3_000;

  private final NMClientAsync nm;
  private final long stopWaitMs;
  private final Map<ContainerId, NodeId> running = new ConcurrentHashMap<>();
  private final Map<ContainerId, CompletableFuture<Void>> stopping = new ConcurrentHashMap<>();

  BoundedStopStarter(Configuration conf, Events events, long stopWaitMs) {
    this.stopWaitMs = stopWaitMs;
    this.nm = NMClientAsync.createNMClientAsync(new CallbackAdapter(events) {
      @Override
      public void onStartContainerError(ContainerId containerId, Throwable t) {
        running.remove(containerId);
        super.onStartContainerError(containerId, t);
      }

      @Override
      public void onContainerStopped(ContainerId containerId) {
        stopped(containerId);
      }

      @Override
      public void onStopContainerError(ContainerId containerId, Throwable t) {
        super.onStopContainerError(containerId, t);
        stopped(containerId);
      }
    });
    nm.init(conf);
    nm.start();
    nm.getClient().cleanupRunningContainersOnStop(false); // stop() below does it, bounded
  }

  private void stopped(ContainerId containerId) {
    running.remove(containerId);
    CompletableFuture<Void> f = stopping.get(containerId);
    if (f != null) {
      f.complete(null);
    }
  }

  @Override
  public void startContainer(Container container, ContainerLaunchContext launchContext) {
    running.put(container.getId(), container.getNodeId());
    nm.startContainerAsync(container, launchContext);
  }

  @Override
  public void completed(ContainerId containerId) {
    running.remove(containerId);
  }

  /** Containers started and not reported complete: what {@link #stop} will ask NodeManagers to stop. */
  int running() {
    return running.size();
  }

  /** Containers {@link #stop} asked their NodeManagers to stop. */
  java.util.Set<ContainerId> stopsRequested() {
    return java.util.Set.copyOf(stopping.keySet());
  }

  @Override
  public void stop() {
    long start = System.nanoTime();
    List<CompletableFuture<Void>> waits = new ArrayList<>();
    for (Map.Entry<ContainerId, NodeId> c : Map.copyOf(running).entrySet()) {
      CompletableFuture<Void> f = new CompletableFuture<>();
      stopping.put(c.getKey(), f);
      waits.add(f);
      nm.stopContainerAsync(c.getKey(), c.getValue());
    }
    try {
      CompletableFuture.allOf(waits.toArray(new CompletableFuture<?>[0])).get(stopWaitMs, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      long left = waits.stream().filter(f -> !f.isDone()).count();
      LOG.warn("{} executor container(s) not confirmed stopped within {} ms (their NodeManagers do not answer: "
          + "{}); YARN stops them when the application ends", left, stopWaitMs, running.values());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException e) {
      LOG.warn("Stopping executor containers failed: {}", e.toString());
    }
    Thread closer = new Thread(nm::stop, "spindle-nm-client-stop");
    closer.setDaemon(true);
    closer.start();
    try {
      closer.join(stopWaitMs);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LOG.info("Executor containers stopped in {} ms", (System.nanoTime() - start) / 1_000_000);
  }
}
