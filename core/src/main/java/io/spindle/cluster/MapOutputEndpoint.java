package io.spindle.cluster;

import io.spindle.rpc.RpcMessage;
import io.spindle.shuffle.MapOutputLocator;
import io.spindle.shuffle.MapStatus;

/**
 * Answers executors' map-output lookups from the driver's tracker (Spark's
 * {@code MapOutputTrackerMasterEndpoint}): where each map output of a shuffle is, or why not.
 */
final class MapOutputEndpoint {
  private final MapOutputLocator mapOutputs;

  MapOutputEndpoint(MapOutputLocator mapOutputs) {
    this.mapOutputs = mapOutputs;
  }

  /** The statuses of the shuffle's map outputs, or the tracker's error (e.g. an output is missing). */
  RpcMessage.MapOutputs answer(RpcMessage.GetMapOutputs get) {
    try {
      MapStatus[] statuses = mapOutputs.statuses(get.shuffleId());
      return new RpcMessage.MapOutputs(get.requestId(), statuses, null);
    } catch (RuntimeException e) {
      return new RpcMessage.MapOutputs(get.requestId(), null, e.getMessage());
    }
  }
}
