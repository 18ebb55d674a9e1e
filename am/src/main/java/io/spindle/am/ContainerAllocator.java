package io.spindle.am;

import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.client.api.AMRMClient.ContainerRequest;
import org.apache.hadoop.yarn.client.api.async.AMRMClientAsync;

/**
 * The ResourceManager calls {@link YarnExecutorLauncher} makes, and only those: our seam over
 * Hadoop's {@code AMRMClientAsync}, so the launcher's request bookkeeping can be tested against a
 * fake. Allocations and completions come the other way, from the AM's heartbeat callback.
 */
interface ContainerAllocator {
  void addContainerRequest(ContainerRequest request);

  void removeContainerRequest(ContainerRequest request);

  /** Gives back a container the launcher does not want (a surplus one, or one that could not start). */
  void releaseAssignedContainer(ContainerId containerId);

  /** How often the AM heartbeats (faster while requests are outstanding). */
  void setHeartbeatInterval(int intervalMs);

  /** Changes this application's node exclusion list at the ResourceManager ({@link YarnNodeExclusion}). */
  void updateBlacklist(java.util.List<String> additions, java.util.List<String> removals);

  /** NodeManagers in the cluster, as the last allocate response said. */
  int clusterNodeCount();

  /**
   * The production allocator: the AM's asynchronous RM client, call for call; the heartbeat
   * interval goes through {@code pace} when there is one (the AM's start-up pace), else to the client.
   */
  static ContainerAllocator of(AMRMClientAsync<ContainerRequest> rm, HeartbeatPace pace) {
    return new ContainerAllocator() {
      @Override
      public void addContainerRequest(ContainerRequest request) {
        rm.addContainerRequest(request);
      }

      @Override
      public void removeContainerRequest(ContainerRequest request) {
        rm.removeContainerRequest(request);
      }

      @Override
      public void releaseAssignedContainer(ContainerId containerId) {
        rm.releaseAssignedContainer(containerId);
      }

      @Override
      public void setHeartbeatInterval(int intervalMs) {
        if (pace != null) {
          pace.set(intervalMs);
        } else {
          rm.setHeartbeatInterval(intervalMs);
        }
      }

      @Override
      public void updateBlacklist(java.util.List<String> additions, java.util.List<String> removals) {
        rm.updateBlacklist(additions, removals);
      }

      @Override
      public int clusterNodeCount() {
        return rm.getClusterNodeCount();
      }
    };
  }
}
