package io.spindle.cluster;

import io.spindle.scheduler.SchedulerBackend;
import java.util.Optional;

/**
 * How one {@code SpindleContext}'s application runs, as its {@link ClusterManager} decided from the
 * master: the application's id and the scheduler backend that runs its tasks.
 */
public interface ClusterDeployment {
  /**
   * The cluster's id of this application, which executors and shuffle services know it by (a
   * YARN application id); empty (the default): the context makes up a local one.
   */
  default Optional<String> applicationId() {
    return Optional.empty();
  }

  /**
   * The application's secret if the deployment has one before its backend exists (a YARN AM: from
   * its credentials); the driver derives its IO encryption key from it. Empty: a fresh one is used.
   */
  default Optional<byte[]> applicationSecret() {
    return Optional.empty();
  }

  /** The attempt of this application (a YARN application attempt), which names its event log; empty outside YARN. */
  default Optional<String> attemptId() {
    return Optional.empty();
  }

  /**
   * Whether the driver logs jobs and stages at INFO: true where a log is read afterwards (executors
   * in other processes, a cluster's driver); plain local mode stays quiet.
   */
  boolean logsSchedulerEvents();

  /** Creates the backend (not started) from the context's driver-side services. */
  SchedulerBackend createBackend(BackendContext context);
}
