package io.spindle.am;

import io.spindle.am.AmTimeline.Milestone;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.yarn.api.protocolrecords.AllocateResponse;
import org.apache.hadoop.yarn.api.protocolrecords.RegisterApplicationMasterResponse;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.resource.PlacementConstraint;
import org.apache.hadoop.yarn.client.api.AMRMClient.ContainerRequest;
import org.apache.hadoop.yarn.client.api.impl.AMRMClientImpl;
import org.apache.hadoop.yarn.exceptions.YarnException;

/**
 * The AM's ResourceManager client (what {@code AMRMClientAsync.createAMRMClientAsync} would build)
 * noting the RM-side milestones in {@link AmTimeline}: registered, first container requested,
 * first and last container allocated, and unregistering, where it logs the timeline. Observing the
 * client rather than its callers keeps the times right whoever asks for containers, and when.
 */
final class TimedAmRmClient extends AMRMClientImpl<ContainerRequest> {
  private final AmTimeline timeline;

  TimedAmRmClient(AmTimeline timeline) {
    this.timeline = timeline;
  }

  @Override
  public RegisterApplicationMasterResponse registerApplicationMaster(String host, int port, String trackingUrl,
      Map<Set<String>, PlacementConstraint> placementConstraints) throws YarnException, IOException {
    RegisterApplicationMasterResponse response = super.registerApplicationMaster(host, port, trackingUrl,
        placementConstraints);
    timeline.first(Milestone.REGISTERED);
    return response;
  }

  @Override
  public synchronized void addContainerRequest(ContainerRequest request) {
    timeline.first(Milestone.FIRST_CONTAINER_REQUESTED);
    super.addContainerRequest(request);
  }

  @Override
  public AllocateResponse allocate(float progress) throws YarnException, IOException {
    AllocateResponse response = super.allocate(progress);
    if (response != null && !response.getAllocatedContainers().isEmpty()) {
      timeline.first(Milestone.FIRST_CONTAINER_ALLOCATED);
      timeline.last(Milestone.LAST_CONTAINER_ALLOCATED);
    }
    return response;
  }

  @Override
  public void unregisterApplicationMaster(FinalApplicationStatus status, String message, String url)
      throws YarnException, IOException {
    timeline.first(Milestone.UNREGISTERING);
    timeline.log();
    super.unregisterApplicationMaster(status, message, url);
  }
}
