package io.spindle.cluster;

import io.spindle.broadcast.BroadcastSource;
import io.spindle.rpc.RpcMessage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Serves broadcast values to executors from the driver's block store (the fetch side of Spark's
 * {@code BlockManagerMasterEndpoint} for broadcasts), counting what it served.
 */
final class BroadcastEndpoint {
  private final BroadcastSource broadcasts;
  private final AtomicLong served = new AtomicLong();

  BroadcastEndpoint(BroadcastSource broadcasts) {
    this.broadcasts = broadcasts;
  }

  RpcMessage.BroadcastData answer(RpcMessage.GetBroadcast get) {
    served.incrementAndGet();
    return new RpcMessage.BroadcastData(get.requestId(), broadcasts.fetch(get.broadcastId()));
  }

  /** GET_BROADCAST requests answered so far. */
  long served() {
    return served.get();
  }
}
