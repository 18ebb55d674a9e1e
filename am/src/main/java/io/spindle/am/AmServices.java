package io.spindle.am;

import java.nio.file.Path;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.ContainerStatus;
import org.apache.hadoop.yarn.client.api.AMRMClient.ContainerRequest;
import org.apache.hadoop.yarn.client.api.async.AMRMClientAsync;
import org.apache.hadoop.yarn.conf.YarnConfiguration;

/**
 * What the ApplicationMaster shares with the driver it runs, so that the driver's
 * {@code SpindleContext} knows it runs in the AM and can get executors ({@link YarnClusterManager},
 * {@link YarnExecutorLauncherFactory}): the RM client,
 * the application id, this host, the launch spec and the working dir. One per AM process; the
 * AM's heartbeat hands container events to the launcher once there is one.
 */
final class AmServices {
  private static volatile AmServices current;

  final AMRMClientAsync<ContainerRequest> rm;
  final YarnConfiguration yarnConf;
  final String applicationId;
  final String host;
  final AmLaunchSpec spec;
  final Path workDir;
  /**
   * Where renewed delegation tokens go (serialized credentials; returns how many executors got
   * them): the ClusterBackend once the driver created it with executors in containers, else null.
   */
  volatile java.util.function.ToIntFunction<byte[]> tokenSink;
  /** The AM's heartbeat interval, which the executor launcher takes over; null: set on {@link #rm} directly. */
  final HeartbeatPace heartbeat;
  private volatile YarnExecutorLauncher launcher;
  /**
   * The largest container the ResourceManager grants this application (its registration response),
   * checked against the executors' size before the first request; null when not known.
   */
  volatile org.apache.hadoop.yarn.api.records.Resource maxContainer;

  AmServices(AMRMClientAsync<ContainerRequest> rm, YarnConfiguration yarnConf, String applicationId, String host,
      AmLaunchSpec spec, Path workDir) {
    this(rm, null, yarnConf, applicationId, host, spec, workDir);
  }

  AmServices(AMRMClientAsync<ContainerRequest> rm, HeartbeatPace heartbeat, YarnConfiguration yarnConf,
      String applicationId, String host, AmLaunchSpec spec, Path workDir) {
    this.rm = rm;
    this.heartbeat = heartbeat;
    this.yarnConf = yarnConf;
    this.applicationId = applicationId;
    this.host = host;
    this.spec = spec;
    this.workDir = workDir;
  }

  static void install(AmServices services) {
    current = services;
  }

  /** The AM of this JVM, or null when this JVM is not one. */
  static AmServices currentOrNull() {
    return current;
  }

  synchronized void launcherCreated(YarnExecutorLauncher l) {
    if (launcher != null) {
      throw new IllegalStateException("Only one SpindleContext with executors per YARN application (the AM "
          + "already runs one)");
    }
    launcher = l;
  }

  /**
   * Ends the application FAILED from outside the driver (too many executor containers failed while
   * jobs run: the driver would wait forever for executors). Unregisters, removes the staging dir
   * and halts: the user's main is blocked in a job and cannot be asked to return.
   */
  void failApplication(String diagnostics) {
    org.slf4j.LoggerFactory.getLogger(AmServices.class).error("Failing the application: {}", diagnostics);
    ApplicationMaster.removeStagingDir(yarnConf, spec.stagingDir()); // first: once FAILED shows, it is gone
    try {
      rm.unregisterApplicationMaster(org.apache.hadoop.yarn.api.records.FinalApplicationStatus.FAILED, diagnostics,
          HistoryTrackingUrl.of(spec.conf().get(YarnConfigs.HISTORY_SERVER_ADDRESS.key()), applicationId));
    } catch (Exception e) {
      org.slf4j.LoggerFactory.getLogger(AmServices.class).error("Could not unregister", e);
    }
    Runtime.getRuntime().halt(1);
  }

  void onContainersAllocated(java.util.List<Container> containers) {
    YarnExecutorLauncher l = launcher;
    if (l != null) {
      l.onContainersAllocated(containers);
    } else {
      containers.forEach(c -> rm.releaseAssignedContainer(c.getId()));
    }
  }

  void onContainersCompleted(java.util.List<ContainerStatus> statuses) {
    YarnExecutorLauncher l = launcher;
    if (l != null) {
      l.onContainersCompleted(statuses);
    }
  }
}
