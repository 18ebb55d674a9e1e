package io.spindle.am;

import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.ContainerStatus;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.client.api.async.NMClientAsync;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The NodeManager calls {@link YarnExecutorLauncher} makes: start an executor in an allocated
 * container, and stop them all at the end. Our seam over Hadoop's {@code NMClientAsync}, so the
 * launcher can be tested against a fake; the answers it needs come back through {@link Events}.
 */
interface ContainerStarter {
  /** Starts {@code launchContext} in {@code container}, asynchronously: the outcome is an {@link Events} call. */
  void startContainer(Container container, ContainerLaunchContext launchContext);

  /**
   * Stops the containers still running that this starter started, and the client, waiting at most
   * a few seconds: a NodeManager that does not answer (its node is lost) must not hold up the
   * application's end; YARN stops whatever is left when the application unregisters.
   */
  void stop();

  /** The ResourceManager reported {@code containerId} complete: there is nothing left to stop. */
  default void completed(ContainerId containerId) {}

  /** What the NodeManagers answer, on the client's callback threads. */
  interface Events {
    /** The container runs; {@code serviceData} holds each auxiliary service's answer (may be null). */
    void started(ContainerId containerId, Map<String, ByteBuffer> serviceData);

    void startFailed(ContainerId containerId, Throwable error);
  }

  /** The production starter: Hadoop's NMClientAsync, initialised with {@code conf} and started. */
  static ContainerStarter nodeManagers(Configuration conf, Events events) {
    return new BoundedStopStarter(conf, events, BoundedStopStarter.STOP_WAIT_MS);
  }

  /** Hands the two NodeManager answers the launcher uses to {@link Events}; logs the rest. */
  class CallbackAdapter extends NMClientAsync.AbstractCallbackHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerStarter.class);
    private final Events events;

    CallbackAdapter(Events events) {
      this.events = events;
    }

    @Override
    public void onContainerStarted(ContainerId containerId, Map<String, ByteBuffer> allServiceResponse) {
      events.started(containerId, allServiceResponse);
    }

    @Override
    public void onStartContainerError(ContainerId containerId, Throwable t) {
      events.startFailed(containerId, t);
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
